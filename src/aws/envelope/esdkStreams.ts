import { PassThrough, Writable, type Duplex, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Running the ESDK's encrypt stream without crashing the process. @aws-crypto/encrypt-node 5.0.2 joins its frame
 * and signature streams with readable-stream's pipeline() and no callback, whose default rethrows: destroying
 * the encrypt stream (what Node's pipeline does to every stage on error or abort) or any error inside it becomes
 * an uncaught exception. So the encrypt stream is never put in a pipeline and never destroyed: we write to it
 * and read from it by hand, and on failure or cancel simply stop (an idle, unreferenced stream is garbage).
 * Its decrypt stream reports internal errors as 'error' events, which shield() keeps from ever being unhandled.
 */

/** A permanent no-op 'error' listener: late errors of an abandoned ESDK stream must not be unhandled events. */
export function shield<T extends NodeJS.EventEmitter>(stream: T): T {
  stream.on('error', () => undefined);
  return stream;
}

type Stage = Readable | Duplex | NodeJS.ReadWriteStream | NodeJS.ReadableStream | NodeJS.WritableStream | Writable;
type Streams = ReadonlyArray<NodeJS.ReadableStream | NodeJS.WritableStream | NodeJS.ReadWriteStream>;

/**
 * `inputStages` (plaintext, ending in a readable) → encryptor → `outputStages` (ending in the sink). Resolves when
 * the sink has finished; rejects with the first failure of either side or of the encryptor, leaving the
 * encryptor alone.
 */
export async function runEncryptor(
  encryptor: Duplex,
  inputStages: Stage[],
  outputStages: Stage[],
  signal?: AbortSignal,
): Promise<void> {
  shield(encryptor);
  const options = signal ? [{ signal }] : [];
  const head = new PassThrough({ highWaterMark: 1024 * 1024 });
  let stopped = false;

  const feeder = new Writable({
    highWaterMark: 1,
    objectMode: true,
    write(chunk: Buffer, _encoding, callback): void {
      if (stopped) {
        callback();
        return;
      }
      if (encryptor.write(chunk)) {
        callback();
      } else {
        encryptor.once('drain', () => callback());
      }
    },
    final(callback): void {
      if (!stopped) {
        encryptor.end();
      }
      callback();
    },
  });
  const onData = (chunk: Buffer): void => {
    if (!head.write(chunk)) {
      encryptor.pause();
      head.once('drain', () => {
        if (!stopped) {
          encryptor.resume();
        }
      });
    }
  };
  const encrypted = new Promise<void>((resolve, reject) => {
    encryptor.once('error', reject);
    encryptor.once('end', () => {
      head.end();
      resolve();
    });
  });
  encryptor.on('data', onData);

  const parts = [
    pipeline([...inputStages, feeder] as Streams, ...options),
    encrypted,
    pipeline([head, ...outputStages] as Streams, ...options),
  ];
  for (const part of parts) {
    part.catch(() => undefined);
  } // the first failure is reported below; later ones are moot
  try {
    await Promise.all(parts);
  } catch (error) {
    stopped = true;
    encryptor.off('data', onData);
    encryptor.pause();
    feeder.destroy(); // ends the input side (our streams, or a shielded decrypt stream when re-encrypting)
    head.destroy();
    throw error;
  }
}
