// Throughput and latency of the sandbox KMS over HTTP, measured as a user's code sees it: real SDK clients
// against `node dist/kms-local.js --in-memory` in a child process. Run `npm run build` first.
//
//   node bench/sandbox.mjs [--requests 1000] [--seconds 4] [--latency-ms 0] [--json]
//
// Each scenario (operation × concurrent clients) stops after --requests requests or --seconds seconds,
// whichever comes first, after a short warm-up; so the whole run is bounded (4 scenarios).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CreateKeyCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { startKmsLocal } from './kmsLocal.mjs';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '4' },
    'latency-ms': { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
  },
});
const maxRequests = Number(flags.requests);
const maxSeconds = Number(flags.seconds);
const WARM_UP = 20;
const CONCURRENCY = [1, 16];

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'kms-local.js');
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run \`npm run build\` first.`);
  process.exit(1);
}

/** Starts kms-local and reads the endpoint and credentials from the export lines it prints. */
async function startServer() {
  return startKmsLocal(cli, ['--in-memory', '--port', '0', '--latency-ms', flags['latency-ms']]);
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Runs `clients` SDK clients, each sending requests back to back, until the request or time budget is spent. */
async function scenario(server, name, makeCommand, clients) {
  const kms = Array.from({ length: clients }, () => new KMSClient({ ...server, maxAttempts: 1 }));
  for (const client of kms) {
    for (let i = 0; i < WARM_UP / clients + 1; i++) {
      await client.send(makeCommand());
    }
  }
  const latencies = [];
  let started = 0;
  const deadline = performance.now() + maxSeconds * 1000;
  const begin = performance.now();
  await Promise.all(
    kms.map(async (client) => {
      while (started < maxRequests && performance.now() < deadline) {
        started++;
        const t0 = performance.now();
        await client.send(makeCommand());
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - begin) / 1000;
  for (const client of kms) {
    client.destroy();
  }
  latencies.sort((a, b) => a - b);
  return {
    operation: name,
    clients,
    requests: latencies.length,
    seconds: Number(elapsed.toFixed(2)),
    requestsPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: Number(percentile(latencies, 50).toFixed(2)),
    p99Ms: Number(percentile(latencies, 99).toFixed(2)),
  };
}

const server = await startServer();
try {
  const admin = new KMSClient({ ...server, maxAttempts: 1 });
  const keyId = (await admin.send(new CreateKeyCommand({ Description: 'benchmark' }))).KeyMetadata.KeyId;
  admin.destroy();
  const plaintext = new Uint8Array(256).fill(7);
  const operations = [
    ['Encrypt (256 B)', () => new EncryptCommand({ KeyId: keyId, Plaintext: plaintext })],
    ['GenerateDataKey (AES_256)', () => new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })],
  ];
  const results = [];
  for (const [name, makeCommand] of operations) {
    for (const clients of CONCURRENCY) {
      results.push(await scenario(server, name, makeCommand, clients));
    }
  }
  if (flags.json) {
    console.log(JSON.stringify({ node: process.version, latencyMs: Number(flags['latency-ms']), results }, null, 2));
  } else {
    console.log(`sandbox KMS over HTTP, Node ${process.version}, added latency ${flags['latency-ms']} ms`);
    console.table(results);
  }
} finally {
  await server.stop();
}
