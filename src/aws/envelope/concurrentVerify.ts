import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * `full` verification of a streamed file while it is written, on a second core. Decrypting the new file after
 * writing it costs as much again as encrypting it (the signature hash dominates both); so a worker thread
 * (verifyWorker.ts) reads the temp file behind the writer, as far as it has been written, and decrypts it with the
 * ESDK. The main thread makes the one KMS Decrypt call as soon as the header is out, checks the data key against
 * the one that encrypted the file, and hands it over; a refusal (say, kms:Decrypt denied) stops the encryption
 * early. At the end the worker's plaintext digest must equal the input's. The file is the buffer between the two
 * threads: nothing is copied or queued in memory, and a slower verifier just reads from further behind.
 */

export interface VerifierSetup {
  /** The temp file being written. */
  path: string;
  maxBodySize: number;
  maxEncryptedDataKeys: number;
}
export type ToVerifier =
  { type: 'written'; upTo: number } | { type: 'key'; arn: string; key: Uint8Array } | { type: 'end'; size: number };
export type FromVerifier = { type: 'done'; sha256: Uint8Array; bytes: number } | { type: 'failed'; message: string };

/** The verifier's script: beside this bundle (dist/envelope-verifier.js), or the TypeScript source under tsx (tests). */
function workerScript(): { file: string; execArgv?: string[] } {
  return __filename.endsWith('.ts')
    ? { file: join(__dirname, 'verifyWorker.ts'), execArgv: ['--require', 'tsx/cjs'] }
    : { file: join(__dirname, 'envelope-verifier.js') };
}

export class ConcurrentVerifier {
  private readonly stop = new AbortController();
  private readonly result: Promise<{ sha256: Uint8Array; bytes: number }>;
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker) {
    this.result = new Promise((resolve, reject) => {
      worker.on('message', (message: FromVerifier) => {
        if (message.type === 'done') {
          resolve(message);
        } else {
          reject(this.fail(new VerifierFailed(message.message)));
        }
      });
      worker.on('error', (error) => reject(this.fail(error)));
      worker.on('exit', () => reject(this.fail(new VerifierFailed('The verifier thread stopped.'))));
    });
    this.result.catch(() => undefined); // reported through finish(), and the stop signal
  }

  /** A verifier thread, or undefined when its script is not there (then the file is verified after writing). */
  static open(setup: VerifierSetup): ConcurrentVerifier | undefined {
    const { file, execArgv } = workerScript();
    if (!existsSync(file)) {
      return undefined;
    }
    return new ConcurrentVerifier(new Worker(file, { workerData: setup, ...(execArgv && { execArgv }) }));
  }

  /** Aborted when verification failed: the encryption should stop, and report `failure`. */
  get signal(): AbortSignal {
    return this.stop.signal;
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /** The first `upTo` bytes of the temp file are written (not necessarily synced: the page cache is shared). */
  written(upTo: number): void {
    this.worker.postMessage({ type: 'written', upTo } satisfies ToVerifier);
  }

  /** The data key for the worker's keyring; the caller zeroes its copy afterwards. */
  giveKey(arn: string, key: Uint8Array): void {
    this.worker.postMessage({ type: 'key', arn, key } satisfies ToVerifier);
  }

  fail(error: Error): Error {
    this.failure ??= error;
    this.stop.abort(this.failure);
    return this.failure;
  }

  /** The SHA-256 of the plaintext the worker decrypted from the whole file of `size` bytes. */
  async finish(size: number): Promise<Uint8Array> {
    if (this.failure) {
      throw this.failure;
    }
    this.worker.postMessage({ type: 'end', size } satisfies ToVerifier);
    return (await this.result).sha256;
  }

  async dispose(): Promise<void> {
    await this.worker.terminate();
  }
}

export class VerifierFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifierFailed';
  }
}
