import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliNode } from '../support/cliNode';

/**
 * Runs test/cli/awsCliSeedFlow.sh — the BYOK tutorial with the real AWS CLI and OpenSSL — against `kms-local`
 * built from this tree and started the way a user starts it. Skipped, saying so, only when `aws` is not on PATH.
 */

const root = resolve(__dirname, '../..');
const script = join(root, 'test/cli/awsCliSeedFlow.sh');

const onPath = (command: string): boolean =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** Starts dist/kms-local.js and reads the variables its banner prints (endpoint, credentials, region). */
async function startKmsLocal(): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const child = spawn(cliNode(), [join(root, 'dist/kms-local.js'), '--in-memory', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const env = await new Promise<Record<string, string>>((resolveEnv, reject) => {
    const timer = setTimeout(() => reject(new Error(`kms-local printed no banner within 15 s:\n${output}`)), 15_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!output.includes('AWS_DEFAULT_REGION=')) {
        return;
      }
      clearTimeout(timer);
      const vars = Object.fromEntries(
        [...output.matchAll(/^export (\w+)=(.*)$/gm)].map(([, name, value]) => [
          name,
          (value ?? '').replace(/^'(.*)'$/, '$1'),
        ]),
      );
      resolveEnv(vars as Record<string, string>);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kms-local exited with ${code}:\n${output}`));
    });
  });
  return { child, env };
}

describe('AWS CLI: the BYOK tutorial against kms-local', function () {
  this.timeout(300_000); // ~20 CLI calls at ~2 s each for the Python AWS CLI
  let kmsLocal: ChildProcess | undefined;
  let env: Record<string, string> = {};
  let scratch: string;

  before(async function () {
    if (!onPath('aws')) {
      console.warn('    (skipped: the AWS CLI `aws` is not on PATH; install it to run the BYOK tutorial test)');
      this.skip();
    }
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
    ({ child: kmsLocal, env } = await startKmsLocal());
    scratch = mkdtempSync(join(tmpdir(), 'kms-cli-'));
  });

  after(async () => {
    if (scratch) {
      rmSync(scratch, { recursive: true, force: true });
    }
    const child = kmsLocal;
    if (child && child.exitCode === null) {
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    }
  });

  it('runs every step of test/cli/awsCliSeedFlow.sh successfully', () => {
    assert.ok(
      env.AWS_ENDPOINT_URL_KMS && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && env.AWS_DEFAULT_REGION,
      'kms-local printed its settings',
    );
    // The user's own AWS configuration must not leak in: no profile, no config or credentials files.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
    const result = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: {
        ...inherited,
        ...env,
        AWS_CONFIG_FILE: join(scratch, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials'),
      },
    });
    assert.equal(result.status, 0, `the script failed:\n${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /== all steps passed/);
  });
});
