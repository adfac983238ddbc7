import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const script = join(root, 'scripts', 'settings-table.mjs');

function check(readme: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [script, '--check', '--readme', readme], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('the README settings table', () => {
  it('is the table generated from package.json (node scripts/settings-table.mjs --write)', () => {
    const { status, stderr } = check(join(root, 'README.md'));
    assert.equal(status, 0, stderr);
  });

  it('names every setting package.json declares, with its default', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    for (const [key, { default: value }] of Object.entries(manifest.contributes.configuration.properties)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
      assert.ok(row, `README has a row for ${key}`);
      assert.ok(
        row.includes(value === '' ? '| blank |' : `\`${JSON.stringify(value)}\``),
        `${key}'s default in ${row}`,
      );
    }
  });

  it('fails the check when the README disagrees with package.json, and --write repairs it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-table-'));
    try {
      const copy = join(dir, 'README.md');
      writeFileSync(
        copy,
        readFileSync(join(root, 'README.md'), 'utf8').replace(
          '| `awsKms.maxItemsPerPage` | `100` |',
          '| `awsKms.maxItemsPerPage` | `50` |',
        ),
      );
      const { status, stderr } = check(copy);
      assert.equal(status, 1);
      assert.match(stderr, /differs from package\.json; run: node scripts\/settings-table\.mjs --write/);
      assert.equal(spawnSync(process.execPath, [script, '--write', '--readme', copy]).status, 0);
      assert.equal(check(copy).status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
