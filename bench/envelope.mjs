// Envelope encryption throughput, memory and KMS calls, all in one run, against baselines measured in the same run:
// - ours: the engine (src/aws/envelope) with verify 'full', with its default verify 'dataKey', and decrypt;
// - stock: @aws-crypto/client-node with its defaults (frame 4096, ECDSA P-384 committing suite), file to file;
// - a plain Node file copy (stream pipeline + fsync, as an atomic write does); `openssl speed` AES-256-GCM and SHA-384.
// Each measurement runs in its own child process, which reports the operation's time and its peak RSS (the median of 3
// runs up to 64 MiB, as the machine may be shared); the sandbox KMS runs in this process, where every call it serves is
// counted (KMS calls per file and per 100-file batch). Ends with the targets of issue 5, met or not.
//
//   node bench/envelope.mjs [--sizes 1,64,512] [--gib] [--frames] [--json]
//
// --gib adds a 1 GiB file (ours only: stock defaults would take minutes); --frames sweeps frame lengths at 64 MiB.
// Big files are written to os.tmpdir() and deleted at the end. Needs no build: the engine is bundled on the fly.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LIB = join(ROOT, '.cache', 'bench', 'envelope-lib.cjs');
const MIB = 1024 * 1024;
const require = createRequire(import.meta.url);

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1,64,512' },
    gib: { type: 'boolean', default: false },
    frames: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

// ---- child: one measured operation ------------------------------------------------------------------------------
/**
 * Times `kind` on `input`, after the same operation on a 1 KiB file: module loading, the first KMS connection and
 * the JIT are paid before the clock starts, for ours and stock alike (the 1 MiB rows still show per-file costs).
 */
async function child({ kind, input, output, sandbox, keyArn, options = {} }) {
  const fsync = async (path) => {
    const h = await open(path, 'r+');
    await h.sync();
    await h.close();
  };
  let run;
  let encryptForWarmUp;
  if (kind === 'copy') {
    run = async (from, to) => {
      await pipeline(createReadStream(from), createWriteStream(to));
      await fsync(to);
    };
  } else if (kind.startsWith('stock')) {
    // As the ESDK's own examples do it: the aggregated KMS client through getClient, default frame length and suite.
    const { buildClient, CommitmentPolicy, KmsKeyringNode, getClient, KMS } = require('@aws-crypto/client-node');
    const clientProvider = getClient(KMS, { endpoint: sandbox.endpoint, credentials: sandbox.credentials });
    const { encryptStream, decryptStream } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
    const encryptor = () => encryptStream(new KmsKeyringNode({ clientProvider, generatorKeyId: keyArn }));
    const decryptor = () => decryptStream(new KmsKeyringNode({ clientProvider, keyIds: [keyArn] }));
    encryptForWarmUp = async (from, to) => {
      await pipeline(createReadStream(from), encryptor(), createWriteStream(to));
    };
    run = async (from, to) => {
      await pipeline(
        createReadStream(from),
        kind === 'stock-encrypt' ? encryptor() : decryptor(),
        createWriteStream(to),
      );
      await fsync(to);
    };
  } else {
    const { EnvelopeEngine, KmsClientFactory, sandboxConnection } = require(LIB);
    const engine = new EnvelopeEngine({
      clients: new KmsClientFactory({ maxAttempts: 1 }),
      connection: sandboxConnection(sandbox),
    });
    const encrypt = async (from, to) =>
      engine.encryptFile(from, {
        keys: [keyArn],
        armor: 'binary',
        destination: { path: to, overwrite: true },
        ...options,
      });
    encryptForWarmUp = encrypt;
    run =
      kind === 'ours-encrypt'
        ? encrypt
        : async (from, to) =>
            engine.decryptFile(from, { keys: { keyArns: [keyArn] }, destination: { path: to, overwrite: true } });
  }
  const warm = `${output}.warm`;
  await writeFile(warm, randomBytes(1024));
  if (kind.endsWith('decrypt')) {
    await encryptForWarmUp(warm, `${warm}.enc`);
  }
  await run(kind.endsWith('decrypt') ? `${warm}.enc` : warm, `${warm}.out`);
  // Tell the parent where the measured run starts, so its KMS calls are counted apart from the warm-up's.
  process.stdout.write('measuring\n');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const start = performance.now();
  await run(input, output);
  const ms = performance.now() - start;
  process.stdout.write(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0); // SDK sockets would otherwise keep the child alive for their idle timeout
}

if (flags.child) {
  await child(JSON.parse(flags.child));
}

// ---- parent -------------------------------------------------------------------------------------------------------
async function buildLib() {
  const { build } = await import('esbuild');
  await mkdir(dirname(LIB), { recursive: true });
  await build({
    stdin: {
      contents: [
        "export { EnvelopeEngine } from './src/aws/envelope/engine';",
        "export { KmsClientFactory } from './src/aws/kmsClients';",
        "export { sandboxConnection } from './src/aws/resolveConnection';",
        "export { startSandbox } from './src/sandbox/sandbox';",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: LIB,
    logLevel: 'warning',
  });
  // The engine's verifier thread, where the engine looks for it: beside the bundle.
  await build({
    entryPoints: [join(ROOT, 'src/aws/envelope/verifyWorker.ts')],
    outfile: join(dirname(LIB), 'envelope-verifier.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
}

async function measure(job) {
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify(job)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  let out = '';
  let since = served.length;
  proc.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.startsWith('measuring\n')) {
      since = served.length;
      out = out.slice('measuring\n'.length);
    }
  });
  const code = await new Promise((resolve) => proc.on('exit', resolve));
  if (code !== 0) {
    throw new Error(`${job.kind} failed (exit ${code})`);
  }
  return {
    ...JSON.parse(out),
    calls: { GenerateDataKey: calls('GenerateDataKey', since), Decrypt: calls('Decrypt', since) },
  };
}

async function randomFile(path, bytes) {
  const handle = await open(path, 'w');
  for (let done = 0; done < bytes; done += 4 * MIB) {
    await handle.write(randomBytes(Math.min(4 * MIB, bytes - done)));
  }
  await handle.close();
}

function opensslSpeed(algorithm) {
  try {
    const args = ['speed', '-elapsed', '-seconds', '1', '-bytes', '16384', '-evp', algorithm];
    const text = execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const kbps = Number(/\s([\d.]+)k\s*$/m.exec(text.trim())?.[1]);
    return Number.isFinite(kbps) ? (kbps * 1000) / MIB : undefined;
  } catch {
    return undefined;
  }
}

await buildLib();
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'; // this process's own SDK: noise in a report
const { EnvelopeEngine, KmsClientFactory, sandboxConnection, startSandbox } = require(LIB);
const sandbox = await startSandbox({ inMemory: true });
const served = [];
const call = sandbox.service.call.bind(sandbox.service);
sandbox.service.call = async (operation, body) => {
  served.push(operation);
  return call(operation, body);
};
const calls = (operation, since) => served.slice(since).filter((name) => name === operation).length;
const keyArn = (await call('CreateKey', { Description: 'bench' })).KeyMetadata.Arn;
const sandboxInfo = { endpoint: sandbox.endpoint, region: sandbox.region, credentials: sandbox.credentials };
const dir = await mkdtemp(join(tmpdir(), 'kms-envelope-bench-'));
const rows = [];
const mibps = (sizeMiB, ms) => Math.round(sizeMiB / (ms / 1000));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs one kind of measurement `repeat` times (the machine may be shared): median time, highest peak RSS, calls of one run. */
async function row(name, sizeMiB, job, repeat = sizeMiB <= 64 ? 3 : 1) {
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    runs.push(await measure({ sandbox: sandboxInfo, keyArn, ...job }));
  }
  const ms = median(runs.map((run) => run.ms));
  const result = {
    name,
    sizeMiB,
    runs: repeat,
    ms: Math.round(ms),
    MiBps: mibps(sizeMiB, ms),
    peakRssMiB: Math.round(Math.max(...runs.map((run) => run.maxRssMiB))),
    ...runs[0].calls,
  };
  rows.push(result);
  if (!flags.json) {
    console.error(
      `  ${name}, ${sizeMiB} MiB: ${result.ms} ms, ${result.MiBps} MiB/s, peak RSS ${result.peakRssMiB} MiB`,
    );
  }
  return result;
}

try {
  const sizes = flags.sizes
    .split(',')
    .map(Number)
    .concat(flags.gib ? [1024] : []);
  const summary = [];
  for (const size of sizes) {
    const plain = join(dir, `plain-${size}`);
    await randomFile(plain, size * MIB);
    const copy = await row('plain copy (stream + fsync)', size, {
      kind: 'copy',
      input: plain,
      output: join(dir, 'copy'),
    });
    const enc = await row('ours encrypt (verify full)', size, {
      kind: 'ours-encrypt',
      input: plain,
      output: join(dir, 'ours.enc'),
    });
    const fast = await row('ours encrypt (default: verify dataKey)', size, {
      kind: 'ours-encrypt',
      input: plain,
      output: join(dir, 'ours.enc'),
      options: { verify: 'dataKey' },
    });
    const dec = await row('ours decrypt', size, {
      kind: 'ours-decrypt',
      input: join(dir, 'ours.enc'),
      output: join(dir, 'ours.dec'),
    });
    const entry = {
      sizeMiB: size,
      copy: copy.MiBps,
      encrypt: enc.MiBps,
      encryptDataKey: fast.MiBps,
      decrypt: dec.MiBps,
    };
    if (size <= 512) {
      const stockEnc = await row('stock ESDK encrypt (defaults)', size, {
        kind: 'stock-encrypt',
        input: plain,
        output: join(dir, 'stock.enc'),
      });
      const stockDec = await row('stock ESDK decrypt (defaults)', size, {
        kind: 'stock-decrypt',
        input: join(dir, 'stock.enc'),
        output: join(dir, 'stock.dec'),
      });
      Object.assign(entry, {
        stockEncrypt: stockEnc.MiBps,
        stockDecrypt: stockDec.MiBps,
        'encrypt ×stock': +(stockEnc.ms / enc.ms).toFixed(1),
        'encrypt (dataKey) ×stock': +(stockEnc.ms / fast.ms).toFixed(1),
        'decrypt ×stock': +(stockDec.ms / dec.ms).toFixed(1),
      });
    }
    Object.assign(entry, {
      'encrypt ×copy': +(copy.ms / enc.ms).toFixed(2),
      'encrypt (dataKey) ×copy': +(copy.ms / fast.ms).toFixed(2),
      'decrypt ×copy': +(copy.ms / dec.ms).toFixed(2),
      'peak RSS (full)': enc.peakRssMiB,
      'peak RSS (dataKey, decrypt)': Math.max(fast.peakRssMiB, dec.peakRssMiB),
    });
    summary.push(entry);
    if (flags.frames && size === 64) {
      for (const frameLength of [64 * 1024, 256 * 1024, MIB, 4 * MIB]) {
        await row(`ours encrypt (verify off), frame ${frameLength / 1024} KiB`, size, {
          kind: 'ours-encrypt',
          input: plain,
          output: join(dir, 'f.enc'),
          options: { verify: 'off', frameLength },
        });
        await row(`ours decrypt, frame ${frameLength / 1024} KiB`, size, {
          kind: 'ours-decrypt',
          input: join(dir, 'f.enc'),
          output: join(dir, 'f.dec'),
        });
      }
    }
    for (const name of [`plain-${size}`, 'copy', 'ours.enc', 'ours.dec', 'stock.enc', 'stock.dec', 'f.enc', 'f.dec']) {
      for (const suffix of ['', '.warm', '.warm.enc', '.warm.out']) {
        await rm(join(dir, `${name}${suffix}`), { force: true });
      }
    }
  }

  // KMS calls: one file, then a batch of 100 small files sharing one cached data key.
  const factory = new KmsClientFactory({ maxAttempts: 1 });
  const engine = new EnvelopeEngine({ clients: factory, connection: sandboxConnection(sandbox) });
  const one = join(dir, 'one.txt');
  await writeFile(one, 'one file\n');
  let since = served.length;
  await engine.encryptFile(one, { keys: [keyArn], destination: { inPlace: true } });
  const single = { GenerateDataKey: calls('GenerateDataKey', since), Decrypt: calls('Decrypt', since) };
  const items = [];
  for (let i = 0; i < 100; i++) {
    const path = join(dir, `batch-${i}.txt`);
    await writeFile(path, `file ${i}\n`.repeat(100));
    items.push({ path, destination: { inPlace: true } });
  }
  since = served.length;
  const results = await engine.encryptFiles(items, { keys: [keyArn] });
  const batch = {
    files: results.filter((r) => r.ok).length,
    GenerateDataKey: calls('GenerateDataKey', since),
    Decrypt: calls('Decrypt', since),
  };
  factory.dispose();

  const big = summary.filter((entry) => entry.sizeMiB >= 64);
  const largest = summary.at(-1);
  const withStock = big.filter((e) => e['encrypt ×stock'] !== undefined);
  const all = (entries, test) => (entries.length === 0 ? 'not measured' : entries.every(test));
  const targets = {
    'encrypt ≥ 4× stock ESDK defaults (≥ 64 MiB), verify full': all(withStock, (e) => e['encrypt ×stock'] >= 4),
    'encrypt ≥ 4× stock ESDK defaults (≥ 64 MiB), verify dataKey': all(
      withStock,
      (e) => e['encrypt (dataKey) ×stock'] >= 4,
    ),
    'decrypt ≥ 4× stock ESDK defaults (≥ 64 MiB)': all(withStock, (e) => e['decrypt ×stock'] >= 4),
    'encrypt ≥ 50 % of plain copy (≥ 64 MiB), verify full': all(big, (e) => e['encrypt ×copy'] >= 0.5),
    'encrypt ≥ 50 % of plain copy (≥ 64 MiB), verify dataKey': all(big, (e) => e['encrypt (dataKey) ×copy'] >= 0.5),
    'decrypt ≥ 50 % of plain copy (≥ 64 MiB)': all(big, (e) => e['decrypt ×copy'] >= 0.5),
    [`peak RSS < 150 MiB at ${largest?.sizeMiB} MiB, verify full`]: (largest?.['peak RSS (full)'] ?? Infinity) < 150,
    [`peak RSS < 150 MiB at ${largest?.sizeMiB} MiB, verify dataKey and decrypt`]:
      (largest?.['peak RSS (dataKey, decrypt)'] ?? Infinity) < 150,
    '1 GenerateDataKey per file (+1 Decrypt to verify)': single.GenerateDataKey === 1 && single.Decrypt === 1,
    '≤ 2 GenerateDataKey per 100-file batch': batch.GenerateDataKey <= 2 && batch.files === 100,
  };
  const openssl = {
    'aes-256-gcm MiB/s': Math.round(opensslSpeed('aes-256-gcm') ?? NaN),
    'sha384 MiB/s': Math.round(opensslSpeed('sha384') ?? NaN),
  };
  const os = await import('node:os');
  const report = {
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((n) => +n.toFixed(2)),
    openssl,
    summary,
    kmsCalls: { singleFile: single, batchOf100: batch },
    targets,
    rows,
  };
  if (flags.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(
      `Envelope bench: Node ${report.node}, ${report.cpus} CPUs (load ${report.loadAverage.join(' ')}); ` +
        `openssl speed (one core): AES-256-GCM ${openssl['aes-256-gcm MiB/s']} MiB/s, SHA-384 ${openssl['sha384 MiB/s']} MiB/s`,
    );
    console.table(rows);
    console.table(summary);
    console.log('KMS calls, one file (verify full):', single, '  100-file batch:', batch);
    console.table(Object.entries(targets).map(([target, met]) => ({ target, met })));
  }
} finally {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
}
