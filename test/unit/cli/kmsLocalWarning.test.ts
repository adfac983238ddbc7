import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { KMS_LOCAL_HEADER } from '../../../src/aws/kmsLocal';
import { kmsLocalWarning } from '../../../src/cli/kmsLocalWarning';
import { detectEnvelope } from '../../../src/core/envelopeHeader';
import { ensureEnvelopeCliBuilt, runEnvelopeCli } from '../../envelope/cliSupport';
import { ensureCliBuilt, runCli, type CliProcess } from '../../sandbox/cliSupport';
import { rawRequest, signedRequest } from '../../sandbox/rawHttp';

/**
 * kms-envelope, encrypting under kms-local, says that the sandbox's keys protect nothing: once per run, on stderr,
 * because kms-local's replies say who they come from. The same kms-local behind a proxy that drops that header is
 * "not kms-local", though it is on loopback with the sandbox's account: no warning then.
 */

type KmsLocal = Awaited<CliProcess['ready']>;

describe('kms-envelope against kms-local, the sandbox KMS', function () {
  this.timeout(60_000);
  let kmsLocal: CliProcess;
  let sandbox: KmsLocal;
  let key: string;
  let dir: string;

  before(async () => {
    await ensureCliBuilt();
    await ensureEnvelopeCliBuilt();
    kmsLocal = runCli(['--in-memory']);
    sandbox = await kmsLocal.ready;
    const kms = new KMSClient({ endpoint: sandbox.endpoint, region: sandbox.region, credentials: sandbox.credentials });
    key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Arn ?? '';
    kms.destroy();
    dir = await mkdtemp(join(tmpdir(), 'kms-local-warning-'));
  });
  /** Stops what a test started, also when it failed or timed out. */
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map(async (cleanup) => cleanup()));
  });
  after(async () => {
    kmsLocal.child.kill('SIGTERM');
    await kmsLocal.exited;
    await rm(dir, { recursive: true, force: true });
  });

  /** The CLI's environment: kms-local's credentials, `endpoint`, and nothing else from AWS. */
  const envFor = (endpoint: string): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_ACCESS_KEY_ID: sandbox.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sandbox.credentials.secretAccessKey,
    AWS_REGION: sandbox.region,
    AWS_ENDPOINT_URL_KMS: endpoint,
  });
  const cli = async (args: string[], endpoint: string) => runEnvelopeCli(args, envFor(endpoint)).done;

  const plainFiles = async (name: string): Promise<string[]> => {
    const files = [join(dir, `${name}-1.txt`), join(dir, `${name}-2.txt`)];
    for (const file of files) {
      await writeFile(file, `plaintext of ${file}\n`);
    }
    return files;
  };
  const isEncrypted = async (file: string): Promise<boolean> => detectEnvelope(await readFile(file)) !== undefined;

  /** Encrypts, re-encrypts and decrypts two files through `endpoint`; the stderr of each run. */
  const roundTrip = async (name: string, endpoint: string) => {
    const files = await plainFiles(name);
    const encrypt = await cli(['encrypt', ...files, '--key', key, '--in-place', '--json'], endpoint);
    assert.equal(encrypt.code, 0, encrypt.stderr);
    assert.equal((JSON.parse(encrypt.stdout) as unknown[]).length, 2, 'stdout is the JSON results alone');
    for (const file of files) {
      assert.ok(await isEncrypted(file), `${file} is encrypted`);
    }
    const reencrypt = await cli(['reencrypt', ...files, '--in-place', '--new-context', 'run=again'], endpoint);
    assert.equal(reencrypt.code, 0, reencrypt.stderr);
    assert.match(reencrypt.stdout, /^re-encrypted .*\nre-encrypted .*\n$/);
    const decrypt = await cli(['decrypt', ...files, '--in-place'], endpoint);
    assert.equal(decrypt.code, 0, decrypt.stderr);
    for (const file of files) {
      assert.equal(await readFile(file, 'utf8'), `plaintext of ${file}\n`);
    }
    return { encrypt: encrypt.stderr, reencrypt: reencrypt.stderr, decrypt: decrypt.stderr };
  };

  it('warns once per encrypt and reencrypt run, on stderr, and still encrypts with exit 0; decrypt does not warn', async () => {
    const warning = `kms-envelope: ${kmsLocalWarning(sandbox.endpoint)}\n`;
    assert.match(warning, /is kms-local, the local sandbox KMS, not AWS KMS: its keys protect nothing/);
    assert.deepEqual(await roundTrip('direct', sandbox.endpoint), {
      encrypt: warning,
      reencrypt: warning,
      decrypt: '',
    });
  });

  it('does not warn when the replies do not say kms-local, though the endpoint is loopback and the keys are its', async () => {
    const faithful = await proxyTo(sandbox, { dropHeader: false });
    const stripping = await proxyTo(sandbox, { dropHeader: true });
    try {
      // The proxy changes nothing else: passing the header on, it gets the warning (naming the proxy).
      const warning = `kms-envelope: ${kmsLocalWarning(faithful.endpoint)}\n`;
      assert.deepEqual(await roundTrip('faithful', faithful.endpoint), {
        encrypt: warning,
        reencrypt: warning,
        decrypt: '',
      });
      assert.deepEqual(await roundTrip('stripping', stripping.endpoint), { encrypt: '', reencrypt: '', decrypt: '' });
      assert.ok(stripping.forwarded() > 0, 'the stripping proxy carried the KMS calls');
    } finally {
      await Promise.all([faithful.close(), stripping.close()]);
    }
  });

  it('warns as soon as kms-local hands out the data key, before the result is written', async function () {
    this.timeout(20_000); // without an early warning it waits for one until this runs out
    const [file] = await plainFiles('early');
    const output = join(dir, 'early.out');
    let sawWarning = (): void => undefined;
    const warned = new Promise<void>((resolve) => (sawWarning = resolve));
    let outputAtWarning: boolean | undefined;
    // The CLI checks that the new file decrypts (Decrypt) before it writes it: hold that check until it has warned.
    const proxy = await proxyTo(sandbox, {
      dropHeader: false,
      beforeForwarding: async (operation) => {
        if (operation === 'Decrypt') {
          await warned;
          outputAtWarning = await access(output).then(
            () => true,
            () => false,
          );
        }
      },
    });
    const run = runEnvelopeCli(['encrypt', file, '--key', key, '--output', output], envFor(proxy.endpoint));
    void stderrIncludes(run.child, 'warning:').then(sawWarning);
    cleanups.push(async () => {
      run.child.kill('SIGKILL');
      await proxy.close();
    });
    const { code, stderr } = await run.done;
    assert.equal(code, 0, stderr);
    assert.equal(outputAtWarning, false, 'warned before the output file existed');
    assert.ok(await isEncrypted(output));
  });
});

/** Resolves once `child` writes `text` on stderr (call it as soon as `child` is spawned). */
async function stderrIncludes(child: ChildProcess, text: string): Promise<void> {
  let seen = '';
  return new Promise((resolve) => {
    const check = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (seen.includes(text)) {
        child.stderr?.off('data', check);
        resolve();
      }
    };
    child.stderr?.on('data', check);
  });
}

/**
 * A loopback HTTP proxy to kms-local: it re-signs each request for kms-local's address (the CLI signed it for the
 * proxy's), once `beforeForwarding` lets it, and passes the reply back, without KMS_LOCAL_HEADER when `dropHeader`.
 */
async function proxyTo(
  target: KmsLocal,
  {
    dropHeader,
    beforeForwarding = async () => undefined,
  }: { dropHeader: boolean; beforeForwarding?: (operation: string) => Promise<void> },
): Promise<{ endpoint: string; forwarded(): number; close(): Promise<void> }> {
  let forwarded = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target']).replace(/^TrentService\./, '');
      void beforeForwarding(operation)
        .then(async () => signedRequest(target, operation, Buffer.concat(chunks).toString('utf8')))
        .then(async (signed) => rawRequest(target.endpoint, signed))
        .then(
          (reply) => {
            forwarded++;
            const headers = { ...reply.headers };
            delete headers.connection;
            if (dropHeader) {
              delete headers[KMS_LOCAL_HEADER];
            }
            res.writeHead(reply.status, headers).end(reply.body);
          },
          () => res.destroy(),
        );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded: () => forwarded,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
