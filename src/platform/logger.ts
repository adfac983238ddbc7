import type * as vscode from 'vscode';
import { scrubSecrets } from '../core/redact';

/**
 * The one log of the extension: a LogOutputChannel ("AWS KMS") whose level the user sets with "Set Log Level".
 * Lines carry a [Component] prefix. Every line is scrubbed of secret-shaped values on its way out, whatever wrote it.
 */
export class Logger {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  trace(message: string, component: string): void {
    this.channel.trace(format(message, component));
  }
  debug(message: string, component: string): void {
    this.channel.debug(format(message, component));
  }
  info(message: string, component: string): void {
    this.channel.info(format(message, component));
  }
  warn(message: string, component: string): void {
    this.channel.warn(format(message, component));
  }
  error(message: string, component: string): void {
    this.channel.error(format(message, component));
  }

  show(): void {
    this.channel.show(true);
  }
}

function format(message: string, component: string): string {
  return scrubSecrets(`[${component}] ${message}`);
}
