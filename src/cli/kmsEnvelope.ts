import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { EnvelopeEngine, inspectEnvelopeFile } from '../aws/envelope/engine';
import type { DecryptKeys, Destination } from '../aws/envelope/types';
import { KmsClientFactory } from '../aws/kmsClients';
import { resolveConnection } from '../aws/resolveConnection';
import { describeError, isCancelled, KmsExtensionError } from '../core/errors';
import { unsupportedNodeMessage } from '../core/nodeSupport';
import { parseCli, USAGE, UsageError, type CliOptions } from './envelopeArgs';
import { decrypted, encrypted, inspection, inspectionJson } from './envelopeOutput';
import { kmsLocalWarning, KmsLocalWarningClients } from './kmsLocalWarning';

/**
 * `kms-envelope`: encrypt, decrypt, re-encrypt and inspect files from a shell, with the extension's engine and the
 * AWS CLI's way of finding credentials, region and endpoint. Exit 0 when every file succeeded, 1 when one failed
 * (one line each on stderr), 2 for a usage error, 130 when interrupted. Interrupted or failed files are untouched.
 */

const PROGRAM = 'kms-envelope';

async function main(args: string[]): Promise<number> {
  const tooOld = unsupportedNodeMessage(PROGRAM, process.version);
  if (tooOld) {
    return fail(tooOld, 2);
  }
  let options: CliOptions;
  try {
    const command = parseCli(args);
    if (command.kind === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    options = command.options;
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    process.stderr.write(`${PROGRAM}: ${error.message}\nRun '${PROGRAM} --help' for the options.\n`);
    return 2;
  }
  if (options.verb === 'inspect') {
    return inspect(options);
  }

  const resolved = await resolveConnection({
    settings: { connection: 'aws', profile: options.profile, region: options.region, endpointUrl: options.endpointUrl },
    env: process.env,
  });
  if (!resolved.connection) {
    return fail(resolved.message);
  }
  // encrypt and reencrypt put data under a key: under kms-local's that protects nothing, and no prompt will say so.
  const wraps = options.verb === 'encrypt' || options.verb === 'reencrypt';
  const factory = wraps
    ? new KmsLocalWarningClients((endpoint) => warn(kmsLocalWarning(endpoint)))
    : new KmsClientFactory();
  const engine = new EnvelopeEngine({ clients: factory, connection: resolved.connection });
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) {
      process.exit(130);
    } // a second signal: stop at once
    controller.abort();
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
  try {
    const items = await Promise.all(
      options.files.map(async (file) => ({ path: file, destination: await destinationFor(file, options) })),
    );
    const control = { signal: controller.signal };
    const results = await run(engine, options, items, control);
    let failed = 0;
    for (const item of results) {
      if (item.ok) {
        if (!options.json) {
          process.stdout.write(`${item.line}\n`);
        }
      } else {
        failed++;
        report(item.error);
      }
    }
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify(
          results.map((item) => (item.ok ? item.result : { path: item.path, error: item.error.message })),
          null,
          2,
        )}\n`,
      );
    }
    if (failed === 0) {
      return 0;
    } // a signal after the last file was committed changed nothing
    return controller.signal.aborted ? 130 : 1;
  } catch (error) {
    if (isCancelled(error)) {
      return fail('Interrupted: nothing was changed.', 130);
    }
    report(error);
    return 1;
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    factory.dispose();
  }
}

type Line = { path: string; ok: true; result: unknown; line: string } | { path: string; ok: false; error: Error };

async function run(
  engine: EnvelopeEngine,
  o: CliOptions,
  items: Array<{ path: string; destination: Destination }>,
  control: { signal: AbortSignal },
): Promise<Line[]> {
  const policy = {
    keys: (o.keys.length > 0
      ? { keyArns: o.keys }
      : { discovery: true, accountIds: o.discoveryAccounts }) as DecryptKeys,
    expectedContext: o.context,
    requiredContextKeys: o.requiredContextKeys,
    ...(o.maxEncryptedDataKeys !== undefined && { maxEncryptedDataKeys: o.maxEncryptedDataKeys }),
  };
  const shared = {
    ...(o.armor && { armor: o.armor }),
    ...(o.suite && { suite: o.suite }),
    ...(o.frameLength && { frameLength: o.frameLength }),
    ...(o.verify && { verify: o.verify }),
  };
  switch (o.verb) {
    case 'encrypt':
      return (await engine.encryptFiles(items, { keys: o.keys, context: o.context, ...shared }, control)).map((item) =>
        item.ok ? { ...item, line: encrypted(item.result) } : item,
      );
    case 'decrypt':
      return (await engine.decryptFiles(items, policy, control)).map((item) =>
        item.ok ? { ...item, line: decrypted(item.result) } : item,
      );
    default: {
      const lines: Line[] = [];
      for (const { path, destination } of items) {
        try {
          const result = await engine.reencryptFile(
            path,
            {
              ...policy,
              ...shared,
              destination,
              ...(o.newKeys.length > 0 && { newKeys: o.newKeys }),
              ...(o.newContext && { newContext: o.newContext }),
            },
            control,
          );
          lines.push({ path, ok: true, result, line: encrypted(result, 're-encrypted') });
        } catch (error) {
          if (control.signal.aborted) {
            throw error;
          }
          lines.push({ path, ok: false, error: error as Error });
        }
      }
      return lines;
    }
  }
}

async function inspect(options: CliOptions): Promise<number> {
  let failed = 0;
  const results: unknown[] = [];
  for (const file of options.files) {
    try {
      const result = await inspectEnvelopeFile(file);
      if (options.json) {
        results.push(inspectionJson(result));
      } else {
        process.stdout.write(`${inspection(result)}\n`);
      }
    } catch (error) {
      failed++;
      report(error);
    }
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  }
  return failed > 0 ? 1 : 0;
}

/** --output: the path itself for one FILE, else (or if it is a folder) the folder to put each result in. */
async function destinationFor(file: string, options: CliOptions): Promise<Destination> {
  if (options.inPlace || options.output === undefined) {
    return { inPlace: true };
  }
  const isFolder = await stat(options.output).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (options.files.length > 1 && !isFolder) {
    throw new KmsExtensionError(
      'InvalidOption',
      `--output must be an existing folder when several files are given: ${options.output}`,
    );
  }
  return { path: isFolder ? join(options.output, basename(file)) : options.output, overwrite: options.force };
}

function report(error: unknown): void {
  const message = error instanceof KmsExtensionError ? error.message : `unexpected error: ${describeError(error)}`;
  process.stderr.write(`${PROGRAM}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
}

function warn(message: string): void {
  process.stderr.write(`${PROGRAM}: ${message}\n`);
}

function fail(message: string, code = 1): number {
  process.stderr.write(`${PROGRAM}: ${message}\n`);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${PROGRAM}: unexpected error: ${describeError(error)}\n`);
    process.exitCode = 1;
  },
);
