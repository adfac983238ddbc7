import assert from 'node:assert/strict';
import { COMMAND_IDS } from '../../src/shared/commandIds';
import { SETTING_DEFAULTS, SETTINGS_SECTION } from '../../src/shared/settingKeys';
import { localizedManifest, nlsTable, PLACEHOLDER, rawManifest } from './l10n/localizedManifest';

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[] } };
  contributes: {
    commands?: { command: string; title: string; category?: string }[];
    configuration?: { properties: Record<string, { default?: unknown }> };
    menus?: Record<string, { command?: string; submenu?: string }[]>;
  };
}

const manifest = localizedManifest<Manifest>();
const declaredCommands = (manifest.contributes.commands ?? []).map((c) => c.command).sort();

/** The manifest fields VS Code shows to users (titles, names, descriptions, welcome contents, labels…). */
const VISIBLE_FIELDS = new Set([
  'displayName',
  'description',
  'markdownDescription',
  'title',
  'shortTitle',
  'category',
  'name',
  'contents',
  'label',
  'altText',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'patternErrorMessage',
  'deprecationMessage',
  'markdownDeprecationMessage',
  'contextualTitle',
]);

/** Every string under a visible field of `value`, with its JSON path. */
function visibleStrings(value: unknown, path: string, visible = false): { path: string; text: string }[] {
  if (typeof value === 'string') {
    return visible ? [{ path, text: value }] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => visibleStrings(item, `${path}[${i}]`, visible));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      visibleStrings(item, `${path}.${key}`, VISIBLE_FIELDS.has(key)),
    );
  }
  return [];
}

/** Every `%key%` anywhere in the manifest. */
function placeholders(value: unknown): string[] {
  if (typeof value === 'string') {
    const key = PLACEHOLDER.exec(value)?.[1];
    return key === undefined ? [] : [key];
  }
  return value && typeof value === 'object' ? Object.values(value).flatMap(placeholders) : [];
}

describe('package.json manifest', () => {
  const raw = rawManifest() as Record<string, unknown>;

  it('takes every user-visible string from package.nls.json', () => {
    const shown = [
      ...visibleStrings({ displayName: raw.displayName, description: raw.description }, ''),
      ...visibleStrings(raw.contributes, 'contributes'),
    ];
    assert.ok(shown.length > 50, 'the walk finds the titles and descriptions');
    assert.deepEqual(
      shown.filter(({ text }) => !PLACEHOLDER.test(text)).map(({ path, text }) => `${path}: ${text}`),
      [],
    );
  });

  it('has a package.nls.json text for every %key%, and no unused text', () => {
    const used = new Set(placeholders(raw));
    const nls = nlsTable();
    assert.deepEqual(
      [...used].filter((key) => typeof nls[key] !== 'string'),
      [],
      'keys missing from package.nls.json',
    );
    assert.deepEqual(
      Object.keys(nls).filter((key) => !used.has(key)),
      [],
      'package.nls.json keys no %key% uses',
    );
  });

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

  it('works in Restricted Mode with every setting that picks a connection, endpoint, key, context or policy restricted', () => {
    // Settings a workspace may set even when untrusted: they change how things look or are stored, never where
    // calls go, which keys or context are used, or what decryption accepts. A new setting must be put here or in
    // restrictedConfigurations on purpose.
    const harmless = [
      'awsKms.encryption.armor',
      'awsKms.encryption.frameLength',
      'awsKms.maxItemsPerPage',
      'awsKms.materialExpiryWarningDays',
    ];
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    const declared = Object.keys(manifest.contributes.configuration?.properties ?? {});
    assert.deepEqual(
      [...(untrusted?.restrictedConfigurations ?? [])].sort(),
      declared.filter((key) => !harmless.includes(key)).sort(),
    );
    assert.ok(untrusted?.restrictedConfigurations?.includes('awsKms.endpointUrl'));
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
