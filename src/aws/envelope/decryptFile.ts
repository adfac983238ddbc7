import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openTempBeside } from '../../core/atomicFile';
import { decryptBuffer, decryptStream, type DecryptSettings } from './decryptPipeline';
import type { BatchState } from './encryptFile';
import { truncated } from './envelopeError';
import { MAX_FRAME_LENGTH, ONE_SHOT_MAX_BYTES } from './esdk';
import { runFileJob, throwIfAborted, type FileJob } from './fileJob';
import { FileSink, ProgressMeter, readWhole } from './fileStreams';
import { bodyLayout, readEnvelope, type StoredEnvelope } from './inspect';
import { decryptionKeyring } from './materials';
import { callerContext, checkDecryptPolicy, kmsKeyArns, maxDataKeys } from './policy';
import { Session, type EngineDeps } from './session';
import type { DecryptOptions, DecryptPolicy, DecryptResult, RunControl } from './types';

/**
 * Decrypt one file. Everything that can be judged from the file alone (not an envelope, too many data keys,
 * wrong or missing context, no allowed wrapping key, truncated body) is refused before any KMS call. The
 * plaintext goes to a temp file (mode 0600) that replaces or creates the target only after the ESDK finished:
 * every frame authenticated and, for signed suites, the signature verified.
 */

/** Reads the file's envelope and applies the policy; returns the wrapping-key ARNs the keyring may try. */
export async function checkStoredEnvelope(
  job: FileJob,
  policy: DecryptPolicy,
  name: string,
): Promise<{ envelope: StoredEnvelope; arns: string[] }> {
  const envelope = await readEnvelope(job.handle, job.size, name, maxDataKeys(policy));
  const arns = checkDecryptPolicy(envelope.header, policy, name);
  if (envelope.read && !(await bodyLayout(envelope))) {
    throw truncated(name);
  }
  return { envelope, arns };
}

export async function decryptFile(
  deps: EngineDeps,
  path: string,
  options: DecryptOptions,
  control: RunControl = {},
  batch?: BatchState,
): Promise<DecryptResult> {
  throwIfAborted(control.signal);
  const maxEdks = maxDataKeys(options);
  const session = batch?.session ?? (await Session.open(deps, [], control.signal));
  const run = {
    deps,
    session,
    path,
    operation: 'decrypt' as const,
    destination: options.destination,
    ...(control.signal && { signal: control.signal }),
  };
  return runFileJob(run, async (job, temp, mark) => {
    const { envelope, arns } = await checkStoredEnvelope(job, options, basename(path));
    await session.addKeys(arns);
    const settings: DecryptSettings = {
      cmm: batch?.decryptManager ?? decryptionKeyring(session.sdks, session.supplier, options.keys),
      maxBodySize: MAX_FRAME_LENGTH,
      encoding: envelope.sniff.encoding,
    };
    const client = session.client(maxEdks);
    const meter = new ProgressMeter(control, job.source, 'decrypting', job.size);
    temp.current = await openTempBeside(job.target);
    const sink = new FileSink(temp.current.handle, true); // zeroes each plaintext chunk once written
    if (job.size <= ONE_SHOT_MAX_BYTES) {
      const stored = await readWhole(job.handle, job.size);
      await pipeline([await decryptBuffer(client, settings, stored)], sink);
      meter.finish();
    } else {
      await decryptStream(client, settings, job.handle, sink, {
        meter,
        ...(control.signal && { signal: control.signal }),
      });
    }
    return {
      input: job.source,
      output: job.target,
      plaintextSize: sink.bytesWritten,
      context: callerContext(envelope.header),
      keyArns: kmsKeyArns(envelope.header),
      kmsCalls: session.log.counts(mark),
    };
  });
}
