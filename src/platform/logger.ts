import type * as vscode from 'vscode';
import { redact } from '../core/redact';

/**
 * The one log of the extension: a LogOutputChannel ("AWS KMS") whose level the user sets with "Set Log Level".
 * Lines carry a [Component] prefix. Objects are redacted before they are written.
 */
export class Logger {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  trace(message: string, component: string, data?: unknown): void {
    this.channel.trace(this.format(message, component, data));
  }
  debug(message: string, component: string, data?: unknown): void {
    this.channel.debug(this.format(message, component, data));
  }
  info(message: string, component: string, data?: unknown): void {
    this.channel.info(this.format(message, component, data));
  }
  warn(message: string, component: string, data?: unknown): void {
    this.channel.warn(this.format(message, component, data));
  }
  error(message: string, component: string, data?: unknown): void {
    this.channel.error(this.format(message, component, data));
  }

  show(): void {
    this.channel.show(true);
  }

  private format(message: string, component: string, data: unknown): string {
    const suffix = data === undefined ? '' : ` ${JSON.stringify(redact(data))}`;
    return `[${component}] ${message}${suffix}`;
  }
}
