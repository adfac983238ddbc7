// How fast the Keys view lists many keys: the tree's own loader (src/aws/keyCatalogue.ts, called directly in Node)
// against a serial baseline measured in the same run, on the sandbox KMS with network-like latency. Run
// `npm run build` first (the sandbox runs as `node dist/kms-local.js` in a child process).
//
//   node bench/tree.mjs [--keys 1000] [--latency-ms 25] [--json]
//
// The keys: a third EXTERNAL (symmetric, with imported material), the rest KMS keys, each with an alias. They are
// seeded once into a data directory under node_modules/.cache (importing material costs an RSA key pair per key)
// and reused by later runs.
//
// Baseline: what a script with the AWS CLI does for the same facts, one request at a time: ListKeys and ListAliases
// (every page), then DescribeKey for each key and ListKeyRotations (ALL_KEY_MATERIAL) for each EXTERNAL key.
// Loader: KeyCatalogue with its defaults (32 requests in flight, each operation paced to half its KMS request quota,
// throttled requests retried with backoff).
//   listing = every key row with its state, origin, aliases and key-material status (DescribeKey);
//   complete = also every key material of every EXTERNAL key (ListKeyRotations, which KMS allows 100 times a second).
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KMSClient } from '@aws-sdk/client-kms';
import { register } from 'tsx/cjs/api';
import { startKmsLocal } from './kmsLocal.mjs';

// The TypeScript sources as the extension runs them (CommonJS, like its bundle).
register();
const require = createRequire(import.meta.url);
const { KeyCatalogue } = require('../src/aws/keyCatalogue.ts');
const { kmsCall } = require('../src/aws/kmsCall.ts');
const { startSandbox } = require('../src/sandbox/sandbox.ts');
const { wrapKeyMaterial } = require('../src/core/keyMaterialWrap.ts');

const { values: flags } = parseArgs({
  options: {
    keys: { type: 'string', default: '1000' },
    'latency-ms': { type: 'string', default: '25' },
    json: { type: 'boolean', default: false },
  },
});
const KEYS = Number(flags.keys);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'kms-local.js');
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`npm run build\` first.`);
  process.exit(1);
}
/** KMS request quotas per second (AWS defaults) the loader must stay under. */
const QUOTAS = {
  DescribeKey: 2000,
  ListKeys: 500,
  ListAliases: 500,
  ListKeyRotations: 100,
  GetKeyRotationStatus: 1000,
};
const log = (line) => {
  if (!flags.json) {
    console.log(line);
  }
};

// --- seeding (once per --keys) -----------------------------------------------------------------------------------
const dataDir = join(root, 'node_modules', '.cache', 'aws-kms-workbench', `bench-tree-${KEYS}-v1`);
const marker = join(dataDir, 'seeded.json');

async function seed() {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const sandbox = await startSandbox({ dataDir });
  const started = performance.now();
  try {
    let next = 0;
    let done = 0;
    const one = async (i) => {
      const external = i % 3 === 0;
      const { KeyMetadata: meta } = await sandbox.service.call('CreateKey', {
        Description: `bench key ${i}`,
        ...(external && { Origin: 'EXTERNAL' }),
      });
      await sandbox.service.call('CreateAlias', {
        AliasName: `alias/bench-${String(i).padStart(5, '0')}`,
        TargetKeyId: meta.KeyId,
      });
      if (!external) {
        return;
      }
      const params = await sandbox.service.call('GetParametersForImport', {
        KeyId: meta.KeyId,
        WrappingAlgorithm: 'RSAES_OAEP_SHA_256',
        WrappingKeySpec: 'RSA_2048',
      });
      const material = randomBytes(32);
      await sandbox.service.call('ImportKeyMaterial', {
        KeyId: meta.KeyId,
        ImportToken: params.ImportToken,
        EncryptedKeyMaterial: wrapKeyMaterial(
          material,
          Buffer.from(params.PublicKey, 'base64'),
          'RSAES_OAEP_SHA_256',
        ).toString('base64'),
        ...(i % 2 === 0
          ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }
          : { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: Date.now() / 1000 + 200 * 86_400 }),
      });
      material.fill(0);
    };
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < KEYS) {
          await one(next++);
          if (++done % 100 === 0) {
            log(`  seeded ${done}/${KEYS} keys (${((performance.now() - started) / 1000).toFixed(0)} s)`);
          }
        }
      }),
    );
  } finally {
    await sandbox.close();
  }
  writeFileSync(marker, JSON.stringify({ keys: KEYS, seededAt: new Date().toISOString() }));
}

if (!existsSync(marker) || JSON.parse(readFileSync(marker, 'utf8')).keys !== KEYS) {
  log(`Seeding ${KEYS} keys into ${dataDir} (first run only; RSA key pairs for the imports take a minute)…`);
  await seed();
}

// --- the sandbox server with latency ------------------------------------------------------------------------------
async function startServer() {
  return startKmsLocal(cli, ['--data-dir', dataDir, '--port', '0', '--latency-ms', flags['latency-ms']]);
}

/** A KmsCall that records when each request was sent, per operation. */
function recorded(call) {
  const sent = {};
  const wrapped = async (operation, input, signal) => {
    (sent[operation] ??= []).push(performance.now());
    return call(operation, input, signal);
  };
  return { call: wrapped, sent };
}

/** The most requests of each operation sent within any one second. */
function peakPerSecond(sent) {
  return Object.fromEntries(
    Object.entries(sent).map(([op, times]) => {
      let peak = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i] - times[j] >= 1000) {
          j++;
        }
        peak = Math.max(peak, i - j + 1);
      }
      return [op, peak];
    }),
  );
}

async function serial(call) {
  const ids = [];
  let marker;
  do {
    const page = await call('ListKeys', { Limit: 1000, ...(marker && { Marker: marker }) });
    ids.push(...page.Keys.map((k) => k.KeyId));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  marker = undefined;
  const aliases = new Map();
  do {
    const page = await call('ListAliases', { Limit: 100, ...(marker && { Marker: marker }) });
    for (const a of page.Aliases) {
      aliases.set(a.TargetKeyId, [...(aliases.get(a.TargetKeyId) ?? []), a.AliasName].sort());
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  const result = new Map();
  for (const id of ids) {
    const { KeyMetadata: meta } = await call('DescribeKey', { KeyId: id });
    const materials =
      meta.Origin === 'EXTERNAL'
        ? (await call('ListKeyRotations', { KeyId: id, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations
        : undefined;
    result.set(id, { state: meta.KeyState, aliases: aliases.get(id) ?? [], materials: materials?.length });
  }
  return result;
}

const server = await startServer();
const client = new KMSClient({
  endpoint: server.endpoint,
  region: server.region,
  credentials: server.credentials,
  maxAttempts: 3,
});
try {
  const kms = kmsCall(client);
  await kms('ListKeys', { Limit: 1 }); // warm up the connection and the SDK

  log(`Serial baseline (${KEYS} keys, ${flags['latency-ms']} ms latency)…`);
  const base = recorded(kms);
  let t0 = performance.now();
  const expected = await serial(base.call);
  const serialMs = performance.now() - t0;

  log('Tree loader…');
  const mine = recorded(kms);
  const catalogue = new KeyCatalogue({ region: server.region, call: mine.call, pageSize: 1000 });
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { keys } = await catalogue.keys('customer', Number.MAX_SAFE_INTEGER);
  const listingMs = performance.now() - t0;
  const listingCpu = process.cpuUsage(cpu0);
  await catalogue.settled();
  const completeMs = performance.now() - t0;

  // The loader saw what the baseline saw.
  const got = new Map(
    catalogue.listedEntries().map((e) => [
      e.keyId,
      {
        state: e.metadata?.KeyState,
        aliases: [...e.aliases],
        materials: e.metadata?.Origin === 'EXTERNAL' ? e.materials?.length : undefined,
      },
    ]),
  );
  const mismatches = [...expected].filter(([id, want]) => JSON.stringify(got.get(id)) !== JSON.stringify(want));
  if (keys.length !== KEYS || got.size !== expected.size || mismatches.length > 0) {
    throw new Error(
      `the loader's listing differs from the baseline: ${keys.length} keys, ${mismatches.length} mismatches`,
    );
  }
  const peaks = peakPerSecond(mine.sent);
  const overQuota = Object.entries(peaks).filter(([op, peak]) => peak > (QUOTAS[op] ?? Infinity));
  const requests = (sent) => Object.values(sent).reduce((n, t) => n + t.length, 0);
  const result = {
    node: process.version,
    keys: KEYS,
    externalKeys: [...expected.values()].filter((v) => v.materials !== undefined).length,
    latencyMs: Number(flags['latency-ms']),
    serialSeconds: Number((serialMs / 1000).toFixed(2)),
    serialRequests: requests(base.sent),
    listingSeconds: Number((listingMs / 1000).toFixed(2)),
    /** CPU this process spent during the listing: near the wall time means the SDK's per-request work is the limit. */
    listingClientCpuSeconds: Number(((listingCpu.user + listingCpu.system) / 1e6).toFixed(2)),
    completeSeconds: Number((completeMs / 1000).toFixed(2)),
    loaderRequests: requests(mine.sent),
    listingSpeedup: Number((serialMs / listingMs).toFixed(1)),
    completeSpeedup: Number((serialMs / completeMs).toFixed(1)),
    peakRequestsPerSecond: peaks,
    quotas: QUOTAS,
  };
  if (flags.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(
      `\nKeys view loader vs serial, ${KEYS} keys (${result.externalKeys} EXTERNAL), ${result.latencyMs} ms latency, Node ${process.version}`,
    );
    console.table({
      'serial (AWS CLI style)': { seconds: result.serialSeconds, requests: result.serialRequests, speedup: 1 },
      'loader: listing with material status': {
        seconds: result.listingSeconds,
        requests: '',
        speedup: result.listingSpeedup,
      },
      'loader: + every key material': {
        seconds: result.completeSeconds,
        requests: result.loaderRequests,
        speedup: result.completeSpeedup,
      },
    });
    console.log(`Client CPU during the listing: ${result.listingClientCpuSeconds} s of ${result.listingSeconds} s`);
    console.log('Peak requests in any one second (KMS default quota):');
    console.log(
      Object.entries(peaks)
        .map(([op, n]) => `  ${op}: ${n} (${QUOTAS[op] ?? '?'})`)
        .join('\n'),
    );
    console.log(`Ratio (listing): ${result.listingSpeedup}× faster than serial; complete: ${result.completeSpeedup}×`);
  }
  if (overQuota.length > 0) {
    throw new Error(`the loader exceeded KMS request quotas: ${JSON.stringify(overQuota)}`);
  }
} finally {
  client.destroy();
  await server.stop();
}
