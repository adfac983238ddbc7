/**
 * The bookkeeping of the key catalogue's loads, apart from what they load: one load per key shared by its callers,
 * and loads that run in the background until someone waits for them.
 */

/** One load per key until forgotten: callers share it, a failure is forgotten, the answer of a superseded load ignored. */
export class LoadPerKey<T> {
  private readonly loads = new Map<string, Promise<T>>();

  /** `done` sees the answer of a load that is still the key's current one. */
  constructor(private readonly done: (id: string, value: T) => void) {}

  async get(id: string, start: () => Promise<T>): Promise<T> {
    const running = this.loads.get(id);
    if (running) {
      return running;
    }
    const started = start();
    this.loads.set(id, started);
    started.then(
      (value) => {
        if (this.loads.get(id) === started) {
          this.done(id, value);
        }
      },
      () => {
        if (this.loads.get(id) === started) {
          this.loads.delete(id);
        }
      },
    );
    return started;
  }

  /** The next get() loads again; the answer of a load still running is ignored. */
  forget(id: string): void {
    this.loads.delete(id);
  }
}

/** Loads nobody awaits: a failure goes to `onError`, settled() waits until all have finished. */
export class BackgroundLoads {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly onError?: (what: string, error: unknown) => void) {}

  track(load: Promise<unknown>, what: string): void {
    const tracked = load
      .catch((error: unknown) => this.onError?.(what, error))
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Resolves once the loads started so far, and those they started, have finished. */
  async settled(): Promise<void> {
    while (this.running.size > 0) {
      await Promise.allSettled([...this.running]);
    }
  }
}
