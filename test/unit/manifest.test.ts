import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_IDS } from '../../src/shared/commandIds';
import { SETTING_DEFAULTS, SETTINGS_SECTION } from '../../src/shared/settingKeys';

interface Manifest {
  contributes: {
    commands?: { command: string; title: string; category?: string }[];
    configuration?: { properties: Record<string, { default?: unknown }> };
    menus?: Record<string, { command?: string; submenu?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const declaredCommands = (manifest.contributes.commands ?? []).map((c) => c.command).sort();

describe('package.json manifest', () => {
  it('declares exactly the commands the code registers', () => {
    assert.deepEqual(declaredCommands, [...COMMAND_IDS].sort());
  });

  it('gives every command the "AWS KMS" category', () => {
    for (const command of manifest.contributes.commands ?? []) {
      assert.equal(command.category, 'AWS KMS', command.command);
    }
  });

  it('declares every setting the code reads, with the same default', () => {
    const properties = manifest.contributes.configuration?.properties ?? {};
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      const declared = properties[`${SETTINGS_SECTION}.${key}`];
      assert.ok(declared, `awsKms.${key} is read in code but not declared in package.json`);
      assert.deepEqual(declared.default, value, `default of awsKms.${key}`);
    }
  });

  it('declares no setting the code does not read', () => {
    const properties = Object.keys(manifest.contributes.configuration?.properties ?? {});
    const read = Object.keys(SETTING_DEFAULTS).map((k) => `${SETTINGS_SECTION}.${k}`);
    assert.deepEqual(
      properties.filter((p) => !read.includes(p)),
      [],
    );
  });

  it('refers only to declared commands in menus', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const item of items) {
        if (item.command) {
          assert.ok(declaredCommands.includes(item.command), `${menu} refers to undeclared ${item.command}`);
        }
      }
    }
  });
});
