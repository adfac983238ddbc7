// The versions package.json claims are the versions that are tested: the oldest VS Code and Node it allows
// must be able to run everything a user's `npm ci` installs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { MINIMUM_NODE_MAJOR, unsupportedNodeMessage } from '../../src/core/nodeSupport';

const root = join(__dirname, '..', '..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

interface Manifest {
  engines: { vscode: string; node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
interface Lock {
  packages: Record<string, { version?: string; dev?: boolean; engines?: { node?: string } | string[] }>;
}
interface Pins {
  codeServer: string;
  vscode: string;
  nodeLinuxX64: string;
  oldest: { codeServer: string; vscode: string; nodeLinuxX64: string };
}

const manifest = readJson('package.json') as Manifest;
const lock = readJson('package-lock.json') as Lock;
const pins = readJson('test/harness/pins.json') as Pins;
const oldestNode = semver.minVersion(manifest.engines.node);
const oldestVscode = semver.minVersion(manifest.engines.vscode);

describe('supported versions', () => {
  it('claims Node 22 or later, and VS Code 1.101 or later (its extension host is the first on Node 22)', () => {
    assert.equal(oldestNode?.major, 22);
    assert.equal(oldestVscode?.version, '1.101.0');
  });

  it('has the command-line tools refuse the Node versions engines.node excludes, naming the next step', () => {
    assert.equal(MINIMUM_NODE_MAJOR, oldestNode?.major);
    assert.equal(unsupportedNodeMessage('kms-local', 'v22.0.0'), undefined);
    assert.equal(unsupportedNodeMessage('kms-local', 'v24.22.3'), undefined);
    assert.equal(
      unsupportedNodeMessage('kms-local', 'v20.20.2'),
      'kms-local needs Node.js 22 or later, and this is Node.js v20.20.2. Install Node.js 22 or later (an LTS release), then run it again.',
    );
    assert.match(unsupportedNodeMessage('kms-envelope', 'garbage') ?? '', /needs Node\.js 22/);
  });

  it('types the VS Code API of the oldest VS Code it claims', () => {
    assert.equal(manifest.devDependencies['@types/vscode'], oldestVscode?.version);
  });

  it('pins the AWS SDK and the Encryption SDK exactly, so a new release cannot slip into an install', () => {
    const sdk = Object.entries(manifest.dependencies).filter(([name]) => /^@aws-(sdk|crypto)\//.test(name));
    assert.ok(sdk.length >= 2);
    for (const [name, range] of sdk) {
      assert.ok(semver.valid(range), `${name} is "${range}", not an exact version`);
      assert.equal(lock.packages[`node_modules/${name}`]?.version, range, `${name} in package-lock.json`);
    }
  });

  it('locks no runtime package that needs a newer Node than the oldest one claimed', () => {
    assert.ok(oldestNode);
    const tooNew = Object.entries(lock.packages)
      .filter(([at, entry]) => at !== '' && entry.dev !== true)
      .flatMap(([at, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range && !semver.satisfies(oldestNode, range)
          ? [`${at}@${entry.version ?? '?'} wants node ${range}`]
          : [];
      });
    assert.deepEqual(tooNew, []);
  });

  it('tests the oldest VS Code it claims on the nearest code-server that installs from the registry, on Node 22', () => {
    const oldestTested = semver.coerce(pins.oldest.vscode);
    assert.ok(oldestTested && oldestVscode);
    assert.ok(semver.satisfies(oldestTested, manifest.engines.vscode), `${pins.oldest.vscode} is allowed by engines`);
    // code-server 4.101/4.102 were never published to npm; 4.103.2 (VS Code 1.103.2) is the first after 1.101.
    assert.ok(semver.lt(oldestTested, '1.104.0'), `${pins.oldest.vscode} is the nearest to ${oldestVscode.version}`);
    assert.equal(semver.major(pins.oldest.nodeLinuxX64), 22);
  });
});
