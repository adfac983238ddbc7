import { open } from 'node:fs/promises';
import type { EnvelopeEncoding } from '../../core/envelopeFormat';
import { TextDetector } from '../../core/textContent';
import { ONE_SHOT_MAX_BYTES } from './esdk';
import type { ArmorMode } from './types';

/**
 * How Encrypt File will store a file, for its confirmation: the armour setting when it names one, else what the
 * engine decides for `auto` — base64 for text (valid UTF-8 without NUL bytes), binary otherwise. Like the engine,
 * it judges a large file by its start (the first 4 MiB: the engine re-codes the rare file that turns binary later).
 */

export function chooseEncoding(mode: ArmorMode, text: boolean): EnvelopeEncoding {
  return mode === 'auto' ? (text ? 'base64' : 'binary') : mode;
}

export async function storedEncoding(path: string, mode: ArmorMode): Promise<EnvelopeEncoding> {
  if (mode !== 'auto') {
    return mode;
  }
  const handle = await open(path, 'r');
  try {
    const detector = new TextDetector();
    const buffer = Buffer.alloc(1024 * 1024);
    let read = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, read);
      if (bytesRead === 0) {
        return chooseEncoding(mode, detector.finish());
      }
      detector.update(buffer.subarray(0, bytesRead));
      read += bytesRead;
      if (!detector.isText) {
        return 'binary';
      }
      if (read >= ONE_SHOT_MAX_BYTES) {
        return 'base64';
      }
    }
  } finally {
    await handle.close();
  }
}
