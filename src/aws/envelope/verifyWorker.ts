import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { PassThrough, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parentPort, workerData } from 'node:worker_threads';
// The ESDK's decrypt and material packages only (client-node would also load the AWS SDK): a lighter thread.
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import {
  CommitmentPolicy,
  KeyringNode,
  KeyringTraceFlag,
  type EncryptedDataKey,
  type NodeDecryptionMaterial,
} from '@aws-crypto/material-management-node';
import { ArmorDecoder, armorStream } from '../../core/armor';
import type { FromVerifier, ToVerifier, VerifierSetup } from './concurrentVerify';
import { shield } from './esdkStreams';

/**
 * The verifier thread (concurrentVerify.ts): reads the temp file behind the main thread's writer and decrypts it,
 * with the data key the main thread got from its one KMS Decrypt call, and reports the SHA-256 of the plaintext.
 * It runs the ESDK's own decrypt (key commitment, every frame tag, the signature) on its own core. It holds no KMS
 * client and sees no credentials: only the file and that one data key, which the ESDK zeroes once used.
 */

const port = parentPort;
if (!port) {
  throw new Error('verifyWorker.ts runs as a worker thread.');
}
const setup = workerData as VerifierSetup;

let provideKey: (given: { arn: string; key: Uint8Array }) => void = () => undefined;
const givenKey = new Promise<{ arn: string; key: Uint8Array }>((resolve) => {
  provideKey = resolve;
});

/** A keyring that knows one data key, for the one KMS key the main thread decrypted it with. */
class GivenKeyKeyring extends KeyringNode {
  async _onEncrypt(): Promise<never> {
    throw new Error('The verifier only decrypts.');
  }

  async _onDecrypt(material: NodeDecryptionMaterial, edks: EncryptedDataKey[]): Promise<NodeDecryptionMaterial> {
    const { arn, key } = await givenKey;
    /* Precondition: the message carries a data key wrapped by the KMS key the main thread decrypted it with. */
    if (!edks.some((edk) => edk.providerId === 'aws-kms' && edk.providerInfo === arn)) {
      throw new Error('The message has no data key for the KMS key that was checked.');
    }
    // The ESDK wants a buffer of its own, and checks the key against the message's key commitment before use.
    const isolated = new Uint8Array(key);
    key.fill(0);
    return material.setUnencryptedDataKey(isolated, {
      keyNamespace: 'aws-kms',
      keyName: arn,
      flags: KeyringTraceFlag.WRAPPING_KEY_DECRYPTED_DATA_KEY,
    });
  }
}

const hash = createHash('sha256');
let plaintextBytes = 0;
const sink = new Writable({
  write(chunk: Buffer, _encoding, callback): void {
    hash.update(chunk);
    plaintextBytes += chunk.length;
    chunk.fill(0);
    callback();
  },
});
const input = new PassThrough({ highWaterMark: 1024 * 1024 });
let started = false;
const { decryptStream } = buildDecrypt({
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  maxEncryptedDataKeys: setup.maxEncryptedDataKeys,
});
const post = (message: FromVerifier): void => port.postMessage(message);

/** Starts on the first bytes: a raw message starts with its version byte (1 or 2), armour with a base64 letter. */
function start(first: Buffer): void {
  started = true;
  pipeline([
    input,
    ...(first[0] === 0x01 || first[0] === 0x02 ? [] : [armorStream(new ArmorDecoder())]),
    shield(decryptStream(new GivenKeyKeyring(), { maxBodySize: setup.maxBodySize })),
    sink,
  ]).then(
    () => post({ type: 'done', sha256: hash.digest(), bytes: plaintextBytes }),
    (error: unknown) => post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
}

/** Reads the file up to where it is written, in order, one read at a time. */
const opened = open(setup.path, 'r');
opened.catch(() => undefined); // reported by pump()
let available = 0;
let size: number | undefined;
let position = 0;
let pumping = false;

async function pump(): Promise<void> {
  if (pumping) {
    return;
  }
  pumping = true;
  const handle = await opened;
  while (position < available) {
    const buffer = Buffer.allocUnsafe(Math.min(READ_BYTES, available - position));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) {
      throw new Error('The file is shorter than written.');
    }
    const chunk = buffer.subarray(0, bytesRead);
    position += bytesRead;
    if (!started) {
      start(chunk);
    }
    if (!input.write(chunk)) {
      await new Promise((resolve) => input.once('drain', resolve));
    }
  }
  pumping = false;
  if (size !== undefined && position >= size) {
    if (!started) {
      post({ type: 'failed', message: 'The message was empty.' });
    }
    input.end();
    await handle.close();
  }
}
const READ_BYTES = 256 * 1024;

port.on('message', (message: ToVerifier) => {
  switch (message.type) {
    case 'written':
      available = Math.max(available, message.upTo);
      break;
    case 'key':
      provideKey(message);
      return;
    case 'end':
      size = message.size;
      available = message.size;
      break;
  }
  pump().catch((error: unknown) =>
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
