// Streamed plaintext is zeroed frame by frame as the ESDK finishes with it (DESIGN.md §5), not only at the end:
// against the real ESDK encrypt stream, a frame's plaintext buffer is all zeros once its ciphertext is out.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import {
  buildClient,
  CommitmentPolicy,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { FrameZeroer } from '../../../src/aws/envelope/plaintextFrames';

const FRAME = 1024;
const isZero = (buffer: Buffer): boolean => buffer.every((byte) => byte === 0);

describe('FrameZeroer', () => {
  it('zeroes each frame of plaintext once the ESDK has written its ciphertext, before the stream ends', async () => {
    const keyring = new RawAesKeyringNode({
      keyName: 'test',
      keyNamespace: 'frameZeroing',
      unencryptedMasterKey: randomBytes(32),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
    const { encryptStream } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const frames = [0, 1, 2, 3].map(() => Buffer.alloc(FRAME, 0xab));
    const zeroer = new FrameZeroer(FRAME);
    const encryptor = encryptStream(keyring, { frameLength: FRAME, plaintextLength: frames.length * FRAME });
    /** For each output chunk: how many of the frames were zero right after the zeroer saw it. */
    const zeroedAfterOutput: number[] = [];
    encryptor.on('data', (chunk: Buffer) => {
      zeroer.sawOutput(chunk);
      zeroedAfterOutput.push(frames.filter(isZero).length);
    });
    const ended = new Promise<void>((resolve, reject) => encryptor.on('end', resolve).on('error', reject));
    for (const frame of frames) {
      zeroer.hold(frame);
      encryptor.write(frame);
    }
    encryptor.end();
    await ended;
    // Before zeroAll (the end-of-stream safety net): every frame whose ciphertext is complete is already zero,
    // and they were zeroed one after the other as output came, not all at once at the end.
    assert.ok(frames.slice(0, 3).every(isZero), 'the first three frames are zero before the stream is done');
    assert.ok(new Set(zeroedAfterOutput).size > 2, `zeroed progressively: ${zeroedAfterOutput.join(',')}`);
    zeroer.zeroAll();
    assert.ok(frames.every(isZero));
  });

  it('zeroAll zeroes what it still holds after a failure', () => {
    const zeroer = new FrameZeroer(FRAME);
    const held = [Buffer.alloc(FRAME, 1), Buffer.alloc(10, 2)];
    held.forEach((chunk) => zeroer.hold(chunk));
    zeroer.zeroAll();
    assert.ok(held.every(isZero));
  });
});
