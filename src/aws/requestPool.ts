import type { KmsCall, KmsOperation } from './kmsCall';

/**
 * Sends many KMS requests without tripping KMS request quotas: at most `concurrency` requests in flight, each
 * operation paced by its own rate (a token bucket that lets a short burst through), and a throttled request
 * retried after a backoff with full jitter. KMS quotas are per account and region, so use one pool per region.
 */

export interface RequestPoolOptions {
  /** Requests in flight at once. */
  concurrency?: number;
  /** Requests per second per operation; operations not named are paced only by the concurrency. */
  ratesPerSecond?: Partial<Record<KmsOperation, number>>;
  /** Retries of a throttled request, on top of the SDK's own. */
  maxThrottleRetries?: number;
  /** First backoff ceiling; doubles on every retry. */
  baseBackoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Half of the default KMS request quotas per account and region (requests per second), so that listing keys
 * leaves room for every other client of the account: DescribeKey 2000, ListKeys and ListAliases 500,
 * GetKeyRotationStatus 1000, ListKeyRotations 100.
 */
export const DEFAULT_KMS_RATES: Readonly<Partial<Record<KmsOperation, number>>> = {
  DescribeKey: 1000,
  ListKeys: 250,
  ListAliases: 250,
  GetKeyRotationStatus: 500,
  ListKeyRotations: 50,
};

export const DEFAULT_CONCURRENCY = 32;

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'SlowDown',
]);

export function isThrottling(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return THROTTLING_NAMES.has(error.name) || status === 429;
}

export class RequestPool {
  private readonly concurrency: number;
  private readonly slots: Semaphore;
  private readonly operationSlots = new Map<string, Semaphore>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly options: Required<Omit<RequestPoolOptions, 'ratesPerSecond' | 'concurrency'>>;

  constructor(private readonly settings: RequestPoolOptions = {}) {
    this.concurrency = Math.max(1, settings.concurrency ?? DEFAULT_CONCURRENCY);
    this.slots = new Semaphore(this.concurrency);
    this.options = {
      maxThrottleRetries: settings.maxThrottleRetries ?? 3,
      baseBackoffMs: settings.baseBackoffMs ?? 500,
      now: settings.now ?? (() => performance.now()),
      sleep: settings.sleep ?? (async (ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: settings.random ?? Math.random,
    };
  }

  /** The most requests that were ever in flight at once (for tests and the benchmark). */
  get peakConcurrency(): number {
    return this.slots.peak;
  }

  /**
   * Runs `task` (one request of `operation`) under the pool's limits; retries it while KMS throttles it. The
   * request takes its operation's slot, then a pool slot, then its rate token, and is sent at once: pacing is
   * measured when requests leave, however late the event loop runs them.
   */
  async run<T>(operation: string, task: () => Promise<T>): Promise<T> {
    const paced = this.pacing(operation);
    for (let retry = 0; ; retry++) {
      await paced?.slots.acquire();
      await this.slots.acquire();
      try {
        await paced?.bucket.take();
        return await task();
      } catch (error) {
        if (!isThrottling(error) || retry >= this.options.maxThrottleRetries) {
          throw error;
        }
      } finally {
        this.slots.release();
        paced?.slots.release();
      }
      const ceiling = this.options.baseBackoffMs * 2 ** retry;
      await this.options.sleep(ceiling / 2 + (this.options.random() * ceiling) / 2);
    }
  }

  /** A KmsCall whose every request goes through this pool. */
  wrap(call: KmsCall): KmsCall {
    return async (operation, input, signal) => this.run(operation, async () => call(operation, input, signal));
  }

  /**
   * The bucket of a paced operation, and its own slots: a quarter second's worth of its rate, so requests waiting
   * for a token never hold every pool slot (Little's law: enough for its rate up to 250 ms of latency).
   */
  private pacing(operation: string): { bucket: TokenBucket; slots: Semaphore } | undefined {
    const rate = this.settings.ratesPerSecond?.[operation as KmsOperation];
    if (rate === undefined || rate <= 0) {
      return undefined;
    }
    let bucket = this.buckets.get(operation);
    let slots = this.operationSlots.get(operation);
    if (!bucket || !slots) {
      bucket = new TokenBucket(rate, this.options.now, this.options.sleep);
      slots = new Semaphore(Math.max(1, Math.ceil(rate / 4)));
      this.buckets.set(operation, bucket);
      this.operationSlots.set(operation, slots);
    }
    return { bucket, slots };
  }
}

class Semaphore {
  private inUse = 0;
  private readonly waiting: (() => void)[] = [];
  peak = 0;

  constructor(private readonly size: number) {}

  async acquire(): Promise<void> {
    if (this.inUse >= this.size) {
      await new Promise<void>((resolve) => this.waiting.push(resolve)); // release() hands its slot over
    } else {
      this.inUse++;
    }
    this.peak = Math.max(this.peak, this.inUse);
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) {
      next();
    } else {
      this.inUse--;
    }
  }
}

/**
 * Token bucket served first come, first served: `rate` tokens a second, at most `capacity` (half a second's worth)
 * saved up, refilled from the clock whenever it is checked. So however late timers fire, no one-second window
 * hands out more than capacity + rate = 1.5 × rate tokens.
 */
class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private readonly queue: (() => void)[] = [];
  private pumping = false;

  constructor(
    private readonly rate: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.capacity = Math.max(1, rate / 2);
    this.tokens = this.capacity;
    this.last = now();
  }

  async take(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.queue.push(resolve);
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      return;
    }
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const now = this.now();
        this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
        this.last = now;
        if (this.tokens >= 1) {
          this.tokens -= 1;
          this.queue.shift()?.();
        } else {
          await this.sleep(((1 - this.tokens) / this.rate) * 1000);
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}
