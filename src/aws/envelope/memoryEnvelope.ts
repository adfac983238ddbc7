import * as l10n from '@vscode/l10n';
import { basename } from 'node:path';
import { openTempBeside } from '../../core/atomicFile';
import { ENCRYPT_SUITES, type EncryptSuiteName, type EnvelopeEncoding } from '../../core/envelopeFormat';
import type { EnvelopeHeader } from '../../core/envelopeHeader';
import { decryptBuffer } from './decryptPipeline';
import { checkStoredEnvelope } from './decryptFile';
import { newMessage } from './encryptFile';
import { encryptBuffer } from './encryptPipeline';
import { envelopeError } from './envelopeError';
import { toEnvelopeError } from './errors';
import { DEFAULT_FRAME_LENGTH, DEFAULT_SUITE, MAX_FRAME_LENGTH } from './esdk';
import { openSession, openJob, runFileJob, throwIfAborted, type FileJob } from './fileJob';
import { readWhole } from './fileStreams';
import { readEnvelope } from './inspect';
import { decryptionKeyring } from './materials';
import { callerContext, checkEncryptOptions, kmsKeyArns, maxDataKeys } from './policy';
import { Session, type EngineDeps } from './session';
import type {
  DecryptedInMemory,
  EditParams,
  EncryptResult,
  MemoryDecryptOptions,
  MemoryEncryptOptions,
  RunControl,
} from './types';
import { verifiedResult } from './verify';

/**
 * Encrypted files edited in memory (the editor's file-system provider): decrypt a whole file into a buffer, and
 * encrypt a buffer over an existing encrypted file with the parameters its header had. No plaintext touches the
 * disk: the ciphertext goes to a temp file beside the target (mode 0600), is verified, and replaces the target by
 * rename with the target's mode, as encryptFile does (core/atomicFile, verify.ts).
 */

/** Beyond this an encrypted file is not opened in memory: the editor, the ESDK and VS Code each hold a copy. */
export const MAX_IN_MEMORY_BYTES = 16 * 1024 * 1024;

/** The parameters to encrypt a new version of a file with, as its header records them. */
export function editParamsOf(header: EnvelopeHeader, encoding: EnvelopeEncoding): EditParams {
  const stored = header.suite.name as EncryptSuiteName;
  return {
    keys: kmsKeyArns(header),
    context: callerContext(header),
    suite: ENCRYPT_SUITES.includes(stored) ? stored : DEFAULT_SUITE,
    frameLength: header.framed && header.frameLength <= MAX_FRAME_LENGTH ? header.frameLength : DEFAULT_FRAME_LENGTH,
    armor: encoding,
  };
}

/**
 * Decrypts a whole file into memory. Everything judged from the file alone (not an envelope, too large, too many
 * data keys, no KMS wrapping key, truncated) fails before any KMS call. The plaintext is returned only after the
 * ESDK authenticated every frame and verified the signature; the caller owns it and zeroes it when done.
 */
export async function decryptToMemory(
  deps: EngineDeps,
  path: string,
  options: MemoryDecryptOptions = {},
  control: RunControl = {},
): Promise<DecryptedInMemory> {
  throwIfAborted(control.signal);
  const name = basename(path);
  const session = await Session.open(deps, [], control.signal);
  const mark = session.log.mark();
  let job: FileJob | undefined;
  try {
    const maxEdks = maxDataKeys({ ...options, keys: { discovery: true } });
    job = await openJob(path, { inPlace: true });
    const limit = options.maxBytes ?? MAX_IN_MEMORY_BYTES;
    const { header, sniff } = await readEnvelope(job.handle, job.size, name, maxEdks);
    if (job.size > limit) {
      throw envelopeError(
        'TooLargeForMemory',
        l10n.t({
          message:
            '{0} is too large to open decrypted in the editor ({1}; the limit is {2}): use Decrypt File to write the plaintext to a file you choose, or the kms-envelope CLI.',
          args: [name, mib(job.size), mib(limit)],
          comment: ['{0} is a file name', "{1} is the file's size", '{2} is the largest size'],
        }),
      );
    }
    // Strict by default: only the keys the file itself names (the ESDK's strict mode), with the engine's EDK limit.
    const policy = { ...options, keys: options.keys ?? { keyArns: kmsKeyArns(header) } };
    const { envelope, arns } = await checkStoredEnvelope(job, policy, name);
    await session.addKeys(arns);
    const { mtimeMs } = await job.handle.stat();
    const stored = await readWhole(job.handle, job.size);
    const plaintext = await decryptBuffer(
      session.client(maxEdks),
      {
        cmm: decryptionKeyring(session.sdks, session.supplier, policy.keys),
        maxBodySize: MAX_FRAME_LENGTH,
        encoding: sniff.encoding,
      },
      stored,
    );
    return {
      path: job.source,
      plaintext,
      header: envelope.header,
      encoding: sniff.encoding,
      params: editParamsOf(envelope.header, sniff.encoding),
      file: { size: job.size, mtimeMs, mode: job.mode },
      kmsCalls: session.log.counts(mark),
    };
  } catch (error) {
    throw toEnvelopeError(error, {
      path: name,
      operation: 'decrypt',
      calls: session.log.records.slice(mark),
      connection: deps.connection,
    });
  } finally {
    await job?.handle.close();
  }
}

/**
 * Encrypts `plaintext` over the existing file at `path` with `params`: temp file beside it, verification (default
 * `full`: cheap for what fits in memory), then rename with the file's mode. On any failure the file is untouched
 * and the temp file gone. `plaintext` stays the caller's, who zeroes it.
 */
export async function encryptFromMemory(
  deps: EngineDeps,
  path: string,
  plaintext: Uint8Array,
  options: MemoryEncryptOptions,
  control: RunControl = {},
): Promise<EncryptResult> {
  checkEncryptOptions(options);
  throwIfAborted(control.signal);
  const name = basename(path);
  const session = await openSession(deps, options.keys, { path: name, operation: 'encrypt' }, control.signal);
  const run = {
    deps,
    session,
    path,
    operation: 'encrypt' as const,
    destination: { inPlace: true as const },
    ...(control.signal && { signal: control.signal }),
  };
  return runFileJob(run, async (job, temp, mark) => {
    const verify = options.verify ?? 'full';
    const { manager, settings, client } = newMessage(session, options, verify);
    temp.current = await openTempBeside(job.target);
    const view = Buffer.from(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength); // no copy: one buffer to zero
    const encrypted = await encryptBuffer(client, settings, view, temp.current);
    temp.current = encrypted.temp;
    return verifiedResult(job, encrypted, { session, mode: verify, manager, path: name, control, mark });
  });
}

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
