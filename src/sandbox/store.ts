import { randomBytes } from 'node:crypto';
import type { SandboxState } from './model';
import type { StateStore } from './service';

export function emptyState(): SandboxState {
  return { version: 1, secret: randomBytes(32).toString('base64'), keys: [], aliases: [] };
}

/** State that lives as long as the process (`--in-memory`, tests). */
export class MemoryStore implements StateStore {
  readonly state: SandboxState = emptyState();
  async save(): Promise<void> {
    /* nothing to persist */
  }
}
