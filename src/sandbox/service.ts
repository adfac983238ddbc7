import type { OpContext, SandboxConfig } from './context';
import { KmsError } from './errors';
import { applyDueChanges } from './maintenance';
import type { SandboxState } from './model';
import { operations } from './operations';

/** Where the state lives: in memory, or persisted to a data directory with atomic writes. */
export interface StateStore {
  readonly state: SandboxState;
  /** Resolves once the state as it is now has reached durable storage. */
  save(): Promise<void>;
}

/** The KMS service behind the HTTP front end: dispatches an operation by name against the store. */
export class KmsService {
  private readonly ctx: OpContext;

  constructor(
    private readonly store: StateStore,
    config: SandboxConfig,
    now: () => number = Date.now,
  ) {
    this.ctx = { state: store.state, config, now, secret: Buffer.from(store.state.secret, 'base64') };
  }

  get context(): OpContext {
    return this.ctx;
  }

  static knows(operation: string): boolean {
    return Object.hasOwn(operations, operation);
  }

  /** Runs `operation`; throws KmsError for every failure a client may see. */
  async call(operation: string, body: unknown): Promise<object | undefined> {
    const def = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
    if (!def) {
      throw new KmsError('UnknownOperationException');
    }
    const changedByTime = applyDueChanges(this.ctx);
    let succeeded = false;
    try {
      const result = await def.handler(this.ctx, body);
      succeeded = true;
      return result;
    } finally {
      if (changedByTime || (succeeded && def.mutating)) {
        await this.store.save();
      }
    }
  }
}
