// Copies the extension host's console (mocha's reporter, test logs, the extension's own errors) to a file
// the runner streams. The workbench would otherwise drop it outside development mode, and in development
// mode mixes it with its own log lines.
import * as fs from 'fs';
import { format } from 'util';

export function captureConsole(file: string | undefined): void {
  if (!file) {
    return;
  }
  const fd = fs.openSync(file, 'a');
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    const original = console[level].bind(console);
    const tee = (...args: unknown[]): void => {
      fs.writeSync(fd, `${format(...args)}\n`);
      original(...args);
    };
    // The extension host defines console.* as getter + no-op setter, so plain assignment is silently ignored.
    Object.defineProperty(console, level, { configurable: true, get: () => tee, set: () => undefined });
  }
}
