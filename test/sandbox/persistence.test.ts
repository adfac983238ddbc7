import assert from 'node:assert/strict';
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-kms';
import { DataDirError, FileStore } from '../../src/sandbox/fileStore';
import type { SandboxState } from '../../src/sandbox/model';
import { startSandbox } from '../../src/sandbox/sandbox';
import { ensureCliBuilt, runCli } from './cliSupport';
import { kmsClientFor, openSandbox } from './support';

const isWindows = process.platform === 'win32';

const readState = async (dir: string): Promise<SandboxState> =>
  JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as SandboxState;

async function allKeyIds(kms: KMSClient): Promise<Set<string>> {
  const ids = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListKeysCommand({ Limit: 1000, Marker: marker }));
    for (const k of page.Keys ?? []) {
      ids.add(k.KeyId ?? '');
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return ids;
}

async function allAliases(kms: KMSClient): Promise<Map<string, string>> {
  const aliases = new Map<string, string>();
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListAliasesCommand({ Limit: 100, Marker: marker }));
    for (const a of page.Aliases ?? []) {
      aliases.set(a.AliasName ?? '', a.TargetKeyId ?? '');
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return aliases;
}

describe('sandbox persistence (--data-dir)', () => {
  let root: string;
  let dirCount = 0;
  const freshDir = (): string => join(root, `data-${++dirCount}`);
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'kms-local-persist-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  describe('FileStore', () => {
    it('creates a missing data directory with mode 0700 and writes a fresh state with mode 0600 at once', async function () {
      if (isWindows) {
        this.skip();
      }
      const dir = join(freshDir(), 'nested');
      const store = await FileStore.open(dir);
      try {
        assert.equal((await stat(dir)).mode & 0o777, 0o700);
        assert.equal((await stat(join(dir, 'state.json'))).mode & 0o777, 0o600);
        const saved = await readState(dir);
        assert.equal(saved.version, 1);
        assert.equal(saved.secret, store.state.secret);
      } finally {
        await store.close();
      }
    });

    it('resolves save() only once the state as it was at the call is on disk, across concurrent saves', async () => {
      const dir = freshDir();
      const store = await FileStore.open(dir);
      try {
        const checks = Array.from({ length: 50 }, async (_, i) => {
          store.state.aliases.push({ name: `alias/s${i}`, targetKeyId: 'k', creationDate: 0, lastUpdatedDate: 0 });
          await store.save();
          const onDisk = await readState(dir);
          assert.ok(
            onDisk.aliases.some((a) => a.name === `alias/s${i}`),
            `alias/s${i} is durable when its save resolves`,
          );
        });
        await Promise.all(checks);
      } finally {
        await store.close();
      }
    });

    it('coalesces concurrent saves: one write covers every save made before it started', async () => {
      const store = await FileStore.open(freshDir());
      try {
        const before = store.writesCompleted;
        await Promise.all(Array.from({ length: 100 }, async () => store.save()));
        assert.equal(store.writesCompleted - before, 1, '100 saves in one tick share one write');
        const inFlight = store.save();
        await new Promise((resolve) => setImmediate(resolve)); // the write has started
        const queued = Array.from({ length: 100 }, async () => store.save()); // so these need a later one
        await Promise.all([inFlight, ...queued]);
        assert.equal(store.writesCompleted - before, 3, 'saves made during a write share the next one');
      } finally {
        await store.close();
      }
    });

    it('refuses a state file that is not JSON, and leaves it untouched', async () => {
      const dir = freshDir();
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'state.json'), '{"version":1,"secret":');
      await assert.rejects(startSandbox({ dataDir: dir }), (error: Error) => {
        assert.ok(error instanceof DataDirError);
        assert.match(error.message, /state\.json: it is not valid JSON/);
        assert.match(error.message, /left untouched/);
        return true;
      });
      assert.equal(await readFile(join(dir, 'state.json'), 'utf8'), '{"version":1,"secret":');
    });

    it('refuses a state file of an unknown version', async () => {
      const dir = freshDir();
      await mkdir(dir, { recursive: true });
      const text = JSON.stringify({ version: 2, secret: randomBytes(32).toString('base64'), keys: [], aliases: [] });
      await writeFile(join(dir, 'state.json'), text);
      await assert.rejects(FileStore.open(dir), /format version is 2, and this kms-local reads version 1/);
      assert.equal(await readFile(join(dir, 'state.json'), 'utf8'), text);
    });

    it('refuses a state file with the wrong shape', async () => {
      const dir = freshDir();
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, 'state.json'),
        JSON.stringify({ version: 1, secret: randomBytes(32).toString('base64'), keys: {}, aliases: [] }),
      );
      await assert.rejects(FileStore.open(dir), DataDirError);
    });

    it('removes temp files a crash left behind and keeps the state', async () => {
      const dir = freshDir();
      const first = await FileStore.open(dir);
      first.state.aliases.push({ name: 'alias/kept', targetKeyId: 'k', creationDate: 0, lastUpdatedDate: 0 });
      await first.save();
      await first.close();
      await writeFile(join(dir, 'state.json.deadbeef0000.tmp'), '{"half a wri');
      const second = await FileStore.open(dir);
      try {
        assert.deepEqual(
          second.state.aliases.map((a) => a.name),
          ['alias/kept'],
        );
        assert.ok(!(await readdir(dir)).some((name) => name.endsWith('.tmp')));
      } finally {
        await second.close();
      }
    });

    it('refuses a second server on a data directory in use, and takes over a lock left by a dead process', async () => {
      const dir = freshDir();
      const first = await startSandbox({ dataDir: dir });
      await assert.rejects(startSandbox({ dataDir: dir }), /is in use by another kms-local/);
      await first.close();
      await writeFile(join(dir, 'kms-local.lock'), '2147483646'); // no such process
      const second = await startSandbox({ dataDir: dir });
      await second.close();
    });

    it('takes over a lock written before the machine booted, even if its process id is in use now', async () => {
      const dir = freshDir();
      await mkdir(dir, { recursive: true });
      const lock = join(dir, 'kms-local.lock');
      await writeFile(lock, String(process.pid)); // a live process, but the lock is older than this boot
      await utimes(lock, new Date(0), new Date(0));
      const sandbox = await startSandbox({ dataDir: dir });
      await sandbox.close();
    });
  });

  describe('restarts', () => {
    it('keeps every key, alias and tag of 200 concurrent mutating requests across a restart', async function () {
      this.timeout(60_000);
      const dir = freshDir();
      const first = await openSandbox({ dataDir: dir });
      const keyIds = await Promise.all(
        Array.from(
          { length: 200 },
          async (_, i) =>
            (await first.kms.send(new CreateKeyCommand({ Description: `persisted ${i}` }))).KeyMetadata?.KeyId ?? '',
        ),
      );
      await Promise.all(
        keyIds.flatMap((keyId, i) => [
          first.kms.send(new CreateAliasCommand({ AliasName: `alias/persisted-${i}`, TargetKeyId: keyId })),
          first.kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'n', TagValue: String(i) }] })),
        ]),
      );
      const { accessKeyId, secretAccessKey } = first.sandbox.credentials;
      await first.close();

      const second = await openSandbox({ dataDir: dir });
      try {
        assert.equal(
          second.sandbox.credentials.accessKeyId,
          accessKeyId,
          'a data directory keeps its generated credentials',
        );
        assert.equal(second.sandbox.credentials.secretAccessKey, secretAccessKey);
        const ids = await allKeyIds(second.kms);
        assert.equal(ids.size, 200);
        for (const keyId of keyIds) {
          assert.ok(ids.has(keyId));
        }
        const aliases = await allAliases(second.kms);
        keyIds.forEach((keyId, i) => {
          assert.equal(aliases.get(`alias/persisted-${i}`), keyId);
        });
        const sample = [0, 99, 199];
        for (const i of sample) {
          const tags = await second.kms.send(new ListResourceTagsCommand({ KeyId: keyIds[i] }));
          assert.deepEqual(tags.Tags, [{ TagKey: 'n', TagValue: String(i) }]);
          const meta = await second.kms.send(new DescribeKeyCommand({ KeyId: keyIds[i] }));
          assert.equal(meta.KeyMetadata?.Description, `persisted ${i}`);
        }
      } finally {
        await second.close();
      }
    });

    it('keeps the server secret, so an import token issued before a restart still works after it', async () => {
      const dir = freshDir();
      const first = await openSandbox({ dataDir: dir });
      const keyId = (await first.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))).KeyMetadata?.KeyId ?? '';
      const params = await first.kms.send(
        new GetParametersForImportCommand({
          KeyId: keyId,
          WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
          WrappingKeySpec: 'RSA_2048',
        }),
      );
      await first.close();

      const second = await openSandbox({ dataDir: dir });
      try {
        const wrapped = publicEncrypt(
          {
            key: createPublicKey({
              key: Buffer.from(params.PublicKey ?? new Uint8Array()),
              format: 'der',
              type: 'spki',
            }),
            padding: constants.RSA_PKCS1_OAEP_PADDING,
            oaepHash: 'sha256',
          },
          randomBytes(32),
        );
        await second.kms.send(
          new ImportKeyMaterialCommand({
            KeyId: keyId,
            ImportToken: params.ImportToken,
            EncryptedKeyMaterial: wrapped,
            ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
          }),
        );
        assert.equal(
          (await second.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.KeyState,
          'Enabled',
        );
      } finally {
        await second.close();
      }
    });

    it('refuses both a data directory and in-memory state', async () => {
      await assert.rejects(startSandbox({ dataDir: freshDir(), inMemory: true }), /not both/);
    });
  });

  describe('crash safety', () => {
    before(async function () {
      this.timeout(60_000);
      await ensureCliBuilt();
    });

    it('after kill -9 under a stream of mutations, the state file parses and holds every acknowledged mutation', async function () {
      this.timeout(60_000);
      const dir = freshDir();
      const cli = runCli(['--data-dir', dir, '--port', '0']);
      const { endpoint, credentials, region } = await cli.ready;
      const kms = new KMSClient({ endpoint, credentials, region, maxAttempts: 1 });
      const acknowledgedKeys: string[] = [];
      const acknowledgedAliases = new Map<string, string>();
      const acknowledgedTags = new Map<string, string>();
      let killed = false;

      const worker = async (w: number): Promise<void> => {
        for (let i = 0; !killed; i++) {
          try {
            const keyId =
              (await kms.send(new CreateKeyCommand({ Description: `crash ${w}/${i}` }))).KeyMetadata?.KeyId ?? '';
            acknowledgedKeys.push(keyId);
            await kms.send(new CreateAliasCommand({ AliasName: `alias/crash-${w}-${i}`, TargetKeyId: keyId }));
            acknowledgedAliases.set(`alias/crash-${w}-${i}`, keyId);
            await kms.send(new TagResourceCommand({ KeyId: keyId, Tags: [{ TagKey: 'w', TagValue: `${w}/${i}` }] }));
            acknowledgedTags.set(keyId, `${w}/${i}`);
          } catch {
            return; // the server is gone: this request was never acknowledged
          }
        }
      };
      const workers = Array.from({ length: 8 }, async (_, w) => worker(w));
      while (acknowledgedTags.size < 60) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      cli.child.kill('SIGKILL');
      killed = true;
      const { signal } = await cli.exited;
      assert.equal(signal, 'SIGKILL');
      await Promise.all(workers);
      kms.destroy();

      const state = await readState(dir); // parses: never torn
      assert.equal(state.version, 1);

      const restarted = await startSandbox({ dataDir: dir, credentials });
      const client = kmsClientFor(restarted);
      try {
        const ids = await allKeyIds(client);
        for (const keyId of acknowledgedKeys) {
          assert.ok(ids.has(keyId), `acknowledged key ${keyId} survived`);
        }
        const aliases = await allAliases(client);
        for (const [name, keyId] of acknowledgedAliases) {
          assert.equal(aliases.get(name), keyId, name);
        }
        for (const [keyId, value] of acknowledgedTags) {
          const tags = await client.send(new ListResourceTagsCommand({ KeyId: keyId }));
          assert.deepEqual(tags.Tags, [{ TagKey: 'w', TagValue: value }]);
        }
      } finally {
        client.destroy();
        await restarted.close();
      }
    });
  });
});
