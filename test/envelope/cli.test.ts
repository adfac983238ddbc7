import assert from 'node:assert/strict';
import { spawnCli } from '../support/spawnCli';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { access, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCli, UsageError } from '../../src/cli/envelopeArgs';
import { kmsLocalWarning } from '../../src/cli/kmsLocalWarning';
import { unsupportedNodeMessage } from '../../src/core/nodeSupport';
import { CLI, ensureEnvelopeCliBuilt, runEnvelopeCli, sandboxEnv } from './cliSupport';
import { useFixture } from '../support/suiteFixture';
import { envelopeFixture, sha256 } from './support';

describe('kms-envelope command line', function () {
  this.timeout(60_000);

  describe('argument parsing', () => {
    it('maps flags to options', () => {
      const command = parseCli([
        'encrypt',
        'a',
        'b',
        '--key',
        'k1',
        '--key',
        'k2',
        '--context',
        'x=1',
        '--context',
        'y=a=b',
        '--armor',
        'binary',
        '--in-place',
        '--verify',
        'data-key',
        '--frame-length',
        '65536',
        '--region',
        'eu-west-1',
        '--endpoint-url',
        'http://localhost:1',
      ]);
      assert.equal(command.kind, 'run');
      const options = command.kind === 'run' ? command.options : undefined;
      assert.deepEqual(
        [options?.verb, options?.files, options?.keys, options?.context],
        ['encrypt', ['a', 'b'], ['k1', 'k2'], { x: '1', y: 'a=b' }],
      );
      assert.deepEqual(
        [options?.armor, options?.verify, options?.frameLength, options?.region, options?.endpointUrl],
        ['binary', 'dataKey', 65536, 'eu-west-1', 'http://localhost:1'],
      );
      assert.deepEqual(parseCli(['-h']), { kind: 'help' });
    });

    it('refuses what it cannot use, with a reason', () => {
      const cases: Array<[string[], RegExp]> = [
        [[], /Name a command/],
        [['shred', 'a'], /Unknown command 'shred'/],
        [['encrypt'], /at least one FILE/],
        [['encrypt', 'a', '--in-place'], /at least one --key/],
        [['encrypt', 'a', '--key', 'k'], /--in-place, or --output PATH/],
        [['decrypt', 'a', '--in-place', '--output', 'b'], /not both/],
        [['decrypt', 'a', '--in-place', '--context', 'novalue'], /KEY=VALUE/],
        [['decrypt', 'a', '--in-place', '--armor', 'rot13'], /--armor must be one of/],
        [['decrypt', 'a', '--in-place', '--discovery-account', '12'], /12-digit/],
        [['encrypt', 'a', '--in-place', '--key', 'k', '--bogus'], /bogus/],
      ];
      for (const [args, message] of cases) {
        assert.throws(
          () => parseCli(args),
          (error: Error) => error instanceof UsageError && message.test(error.message),
        );
      }
    });
  });

  describe('the built CLI against the sandbox', () => {
    const f = useFixture(envelopeFixture);
    let key: string;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      key = await f.createKey();
      env = sandboxEnv(f.sandbox, f.dir);
      await ensureEnvelopeCliBuilt();
    });
    const cli = async (args: string[], environment = env) => runEnvelopeCli(args, environment).done;

    it('encrypts in place, inspects without credentials, and decrypts back', async () => {
      const path = join(f.dir, 'hello.txt');
      await writeFile(path, 'hello from the shell\n');
      const encrypt = await cli(['encrypt', path, '--key', key, '--context', 'purpose=cli', '--in-place']);
      assert.equal(encrypt.code, 0, encrypt.stderr);
      assert.match(
        encrypt.stdout,
        /^encrypted .*hello\.txt -> .*hello\.txt \(base64, 21 bytes -> \d+ bytes; keys: arn:aws:kms:.*; verified: dataKey\)\n$/,
      );
      const inspect = await cli(['inspect', path], { PATH: process.env.PATH, HOME: f.dir });
      assert.equal(inspect.code, 0, inspect.stderr);
      assert.match(inspect.stdout, /AWS Encryption SDK message v2, base64 armour/);
      assert.match(inspect.stdout, /encryption context: purpose=cli \(\+ aws-crypto-public-key\)/);
      assert.match(inspect.stdout, new RegExp(`wrapping key 1: +${key}`));
      assert.match(inspect.stdout, /plaintext 21 bytes/);
      const json = await cli(['inspect', path, '--json'], { PATH: process.env.PATH, HOME: f.dir });
      assert.equal(JSON.parse(json.stdout)[0].header.encryptedDataKeys[0].providerInfo, key);
      const decrypt = await cli(['decrypt', path, '--in-place', '--context', 'purpose=cli']);
      assert.equal(decrypt.code, 0, decrypt.stderr);
      assert.equal(await readFile(path, 'utf8'), 'hello from the shell\n');
      // On a supported Node (22+) the AWS SDK has nothing to warn about, and nothing hides its warnings: the one line
      // is kms-envelope's own, that the sandbox's keys protect nothing (test/unit/cli/kmsLocalWarning.test.ts).
      assert.equal(encrypt.stderr, `kms-envelope: ${kmsLocalWarning(f.sandbox.endpoint)}\n`);
      for (const run of [inspect, decrypt]) {
        assert.equal(run.stderr, '');
      }
    });

    it('refuses an unsupported Node (< 22) with exit 2, one line and nothing changed', async function () {
      if (unsupportedNodeMessage('kms-envelope', process.version) === undefined) {
        this.skip(); // needs an older Node to run on: `npm test` runs mocha on this machine's Node 20
      }
      const path = join(f.dir, 'old-node.txt');
      await writeFile(path, 'stays plain\n');
      const run = spawnCli(CLI, ['encrypt', path, '--key', key, '--in-place'], env, process.execPath);
      const [code] = (await once(run.child, 'exit')) as [number];
      assert.equal(code, 2);
      assert.equal(
        run.stderr(),
        `kms-envelope: kms-envelope needs Node.js 22 or later, and this is Node.js ${process.version}. ` +
          'Install Node.js 22 or later (an LTS release), then run it again.\n',
      );
      assert.equal(await readFile(path, 'utf8'), 'stays plain\n');
    });

    it('fails with one line and exit 1, leaving no output, for each kind of bad input', async () => {
      const plain = join(f.dir, 'plain.txt');
      await writeFile(plain, 'not encrypted');
      const notEncrypted = await cli(['decrypt', plain, '--output', join(f.dir, 'plain.out')]);
      assert.equal(notEncrypted.code, 1);
      assert.match(notEncrypted.stderr, /^kms-envelope: plain\.txt is not encrypted: [^\n]*\n$/);

      const secret = join(f.dir, 'secret.bin');
      await writeFile(secret, randomBytes(1000));
      assert.equal((await cli(['encrypt', secret, '--key', key, '--context', 'a=1', '--in-place'])).code, 0);
      const wrong = await cli(['decrypt', secret, '--context', 'a=2', '--output', join(f.dir, 'secret.out')]);
      assert.equal(wrong.code, 1);
      assert.match(
        wrong.stderr,
        /^kms-envelope: The encryption context of secret\.bin does not match: expected a=2, the file has a=1\.\n$/,
      );
      await assert.rejects(access(join(f.dir, 'secret.out')));

      const usage = await cli(['decrypt', secret]);
      assert.equal(usage.code, 2);
      const noCredentials = await cli(['encrypt', plain, '--key', key, '--in-place'], {
        PATH: process.env.PATH,
        HOME: f.dir,
        AWS_CONFIG_FILE: join(f.dir, 'none'),
      });
      assert.equal(noCredentials.code, 1);
      assert.match(noCredentials.stderr, /^kms-envelope: No AWS credentials found[^\n]*\n$/);
      assert.deepEqual(
        (await readdir(f.dir)).filter((name) => name.endsWith('.kms-tmp') || name.endsWith('.out')),
        [],
      );
    });

    it('handles several files: --output folder, one error line per failing file, JSON results', async () => {
      const folder = join(f.dir, 'out');
      await mkdir(folder);
      const files = [join(f.dir, 'm1.txt'), join(f.dir, 'm2.txt')];
      for (const file of files) {
        await writeFile(file, `content of ${file}`);
      }
      const result = await cli([
        'encrypt',
        ...files,
        join(f.dir, 'missing.txt'),
        '--key',
        key,
        '--output',
        folder,
        '--json',
      ]);
      assert.equal(result.code, 1);
      const json = JSON.parse(result.stdout) as Array<{ output?: string; error?: string }>;
      assert.deepEqual(
        json.map((item) => item.output ?? 'error'),
        [join(folder, 'm1.txt'), join(folder, 'm2.txt'), 'error'],
      );
      const errors = result.stderr.split('\n').filter((line) => line !== '' && !line.includes(' is kms-local, '));
      assert.equal(errors.length, 1, result.stderr);
      const back = await cli(['decrypt', join(folder, 'm1.txt'), join(folder, 'm2.txt'), '--in-place']);
      assert.equal(back.code, 0, back.stderr);
      assert.equal(await readFile(join(folder, 'm2.txt'), 'utf8'), `content of ${files[1]}`);
    });

    it('on SIGINT stops, exits 130 and leaves the original untouched with no temp file', async () => {
      const path = join(f.dir, 'interrupt.bin');
      await writeFile(path, randomBytes(48 * 1024 * 1024));
      const before = await sha256(path);
      const run = runEnvelopeCli(['encrypt', path, '--key', key, '--in-place'], env);
      await new Promise((resolve) => setTimeout(resolve, 700));
      run.child.kill('SIGINT');
      const { code, stderr } = await run.done;
      if (code === 0) {
        return;
      } // a fast machine finished first: nothing to check
      assert.equal(code, 130, stderr);
      assert.equal(await sha256(path), before);
      assert.deepEqual(
        (await readdir(f.dir)).filter((name) => name.endsWith('.kms-tmp')),
        [],
      );
    });
  });
});
