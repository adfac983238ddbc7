// The packaged extension as users get it: which files `vsce` puts in the VSIX, and how big it is. Needs the VSIX
// (`npm run package:vsix`, which also makes the production build in dist/). Plain Node: `node --test test/package/`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);
const MAX_VSIX_BYTES = 3 * 1024 * 1024;
/** The activation-time budget (bench/activation.mjs): the SDKs, the ESDK and the sandbox live in dist/lazy/. */
const MAX_EXTENSION_BUNDLE_BYTES = 256 * 1024;

/** Exactly what `vsce package` would ship, from the same .vscodeignore and options (see the package:vsix script). */
function packagedFiles() {
  const out = execFileSync(
    process.execPath,
    [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'],
    { cwd: root, encoding: 'utf8' },
  );
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .sort();
}

/** Every `media/…` path the manifest refers to (icons, walkthrough Markdown and images). */
function manifestMedia(value, found = new Set()) {
  if (typeof value === 'string') {
    if (value.startsWith('media/')) {
      found.add(value);
    }
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      manifestMedia(v, found);
    }
  }
  return found;
}

describe('the VSIX', () => {
  const files = packagedFiles();

  it('holds only the bundles, media, README, CHANGELOG, LICENSE and the manifest with its texts', () => {
    const allowed = /^(package(\.nls)?\.json|README\.md|CHANGELOG\.md|LICENSE(\.txt)?|dist\/.+\.js|media\/.+)$/;
    assert.deepEqual(
      files.filter((f) => !allowed.test(f)),
      [],
    );
    assert.deepEqual(
      files.filter((f) => f.endsWith('.map') || f.endsWith('.ts')),
      [],
      'no source maps or sources',
    );
  });

  it('holds the extension, its lazily loaded bundles and the files they load at run time', () => {
    for (const file of [
      'package.json',
      'package.nls.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'dist/extension.js',
      'dist/envelope-verifier.js',
      'dist/lazy/client-kms.js',
      'dist/lazy/credential-providers.js',
      'dist/lazy/esdk.js',
      'dist/lazy/sandbox.js',
    ]) {
      assert.ok(files.includes(file), `${file} is packaged`);
    }
    // Each lazy bundle and the extension require() only bundles that are packaged too.
    for (const bundle of files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
      const source = readFileSync(join(root, bundle), 'utf8');
      for (const [, target] of source.matchAll(/require\("(\.\/[^"]+)"\)/g)) {
        const resolved = join(dirname(bundle), target).replaceAll('\\', '/');
        assert.ok(files.includes(resolved), `${bundle} requires ${target}, which is not packaged`);
      }
    }
  });

  it('holds every media file the manifest names and every image the README shows', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)]
      .map((m) => m[1])
      .filter((src) => !/^[a-z]+:/i.test(src));
    for (const file of [...manifestMedia(manifest.contributes), ...images]) {
      assert.ok(files.includes(file), `${file} is referenced but not packaged`);
    }
  });

  it('keeps the extension bundle small, so activation does not parse the SDKs', () => {
    const size = statSync(join(root, 'dist', 'extension.js')).size;
    assert.ok(
      size < MAX_EXTENSION_BUNDLE_BYTES,
      `dist/extension.js is ${size} bytes (limit ${MAX_EXTENSION_BUNDLE_BYTES})`,
    );
    assert.doesNotMatch(
      readFileSync(join(root, 'dist', 'extension.js'), 'utf8'),
      /sourceMappingURL/,
      'a production (minified) build',
    );
  });

  it(`is a file under 3 MiB`, () => {
    assert.ok(existsSync(vsix), `${vsix} is missing: run \`npm run package:vsix\``);
    const size = statSync(vsix).size;
    assert.ok(size < MAX_VSIX_BYTES, `the VSIX is ${size} bytes (limit ${MAX_VSIX_BYTES})`);
    // A zip whose central directory names the manifest where VS Code looks for it.
    const bytes = readFileSync(vsix);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
    assert.ok(bytes.includes(Buffer.from('extension/package.json')), 'extension/package.json is inside');
    // Without it VS Code would show the manifest's %key% placeholders as the command titles.
    assert.ok(bytes.includes(Buffer.from('extension/package.nls.json')), 'extension/package.nls.json is inside');
  });
});
