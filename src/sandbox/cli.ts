import { unsupportedNodeMessage } from '../core/nodeSupport';
import { parseCli, USAGE, UsageError } from './cliArgs';
import { DataDirError } from './fileStore';
import { startSandbox, type RunningSandbox } from './sandbox';
import { seedDemo } from './seed';

/** `kms-local`: runs the sandbox KMS until SIGINT or SIGTERM, printing how to point AWS tools at it. */

async function main(args: string[]): Promise<number> {
  const tooOld = unsupportedNodeMessage('kms-local', process.version);
  if (tooOld) {
    console.error(`kms-local: ${tooOld}`);
    return 2;
  }
  let command;
  try {
    command = parseCli(args);
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    console.error(`kms-local: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.kind === 'help') {
    console.log(USAGE);
    return 0;
  }

  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox(command.options);
  } catch (error) {
    if (error instanceof DataDirError || isListenError(error)) {
      console.error(`kms-local: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
  if (command.seed === 'demo') {
    const created = await seedDemo(sandbox.service);
    console.log(
      created.length > 0 ? `Seeded demo keys: ${created.join(', ')}` : 'Demo keys already present; nothing seeded.',
    );
  }
  const stopRequested = signalled(); // listening before the banner: a caller may signal as soon as it reads it
  printBanner(sandbox, command.options.latencyMs ?? 0);
  await stopRequested;
  await sandbox.close();
  return 0;
}

function printBanner(sandbox: RunningSandbox, latencyMs: number): void {
  const { endpoint, credentials, region } = sandbox;
  const lines = [
    `kms-local listening on ${endpoint}`,
    'This is a sandbox: its keys protect nothing. Never put real secrets in it.',
    sandbox.dataDir === undefined ? 'State: in memory (lost when kms-local stops)' : `State: ${sandbox.dataDir}`,
    ...(latencyMs > 0 ? [`Latency: ${latencyMs} ms added to every response`] : []),
    '',
    'Point the AWS SDKs and CLI at it:',
    `export AWS_ENDPOINT_URL_KMS=${shellQuote(endpoint)}`,
    `export AWS_ACCESS_KEY_ID=${shellQuote(credentials.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${shellQuote(credentials.secretAccessKey)}`,
    `export AWS_REGION=${shellQuote(region)}`,
    `export AWS_DEFAULT_REGION=${shellQuote(region)}`,
    '',
    'Press Ctrl+C to stop.',
  ];
  console.log(lines.join('\n'));
}

const shellQuote = (value: string): string =>
  /^[\w.:/+=@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;

const isListenError = (error: unknown): boolean =>
  ['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL'].includes((error as NodeJS.ErrnoException).code ?? '');

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
async function signalled(): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      process.once('SIGINT', () => process.exit(130)).once('SIGTERM', () => process.exit(143));
      resolve();
    };
    process.on('SIGINT', stop).on('SIGTERM', stop);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`kms-local: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
