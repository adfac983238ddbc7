import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import { keyContextValue, materialContextValue, summarizeMaterial } from '../../../src/aws/keyStatus';

/**
 * The Keys view's context menus as the manifest declares them, evaluated against the contextValue tokens the tree
 * gives real keys: each command shows exactly where KMS would accept it, and destructive ones come last.
 */

interface MenuItem {
  command: string;
  when: string;
  group?: string;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuItem[]> };
};
const itemMenu = manifest.contributes.menus['view/item/context'];

/** The subset of VS Code's when-clause language the manifest uses: `a == b`, `a =~ /re/`, `&&`, `||`, `false`. */
function evaluate(when: string, context: Record<string, string>): boolean {
  return when.split(/\s*\|\|\s*/).some((conjunction) =>
    conjunction.split(/\s*&&\s*/).every((term) => {
      if (term === 'false') {
        return false;
      }
      const match = /^([\w.]+) =~ \/(.*)\/([a-z]*)$/.exec(term);
      if (match) {
        return new RegExp(match[2], match[3]).test(context[match[1]] ?? '');
      }
      const equal = /^([\w.]+) == (.+)$/.exec(term);
      if (equal) {
        return context[equal[1]] === equal[2];
      }
      throw new Error(`unsupported when term: ${term}`);
    }),
  );
}

const commandsFor = (viewItem: string, group?: (g: string) => boolean): string[] =>
  itemMenu
    // Edit/Show Key Policy are on every key row: the last test below checks them, the others leave them out.
    .filter((m) => !m.command.startsWith('awsKms.policy.'))
    .filter(
      (m) => evaluate(m.when, { view: 'awsKms.keys', viewItem }) && (group?.(m.group ?? '') ?? m.group !== 'inline'),
    )
    .map((m) => m.command.replace(/^awsKms\.key\./, ''))
    .sort();

const NOW = Date.UTC(2026, 5, 1);
function key(
  fields: Partial<KeyMetadata>,
  options: { rotation?: boolean; aliases?: number; staged?: boolean } = {},
): string {
  const meta: KeyMetadata = {
    KeyId: 'k',
    KeyManager: 'CUSTOMER',
    KeySpec: 'SYMMETRIC_DEFAULT',
    KeyState: 'Enabled',
    Origin: 'AWS_KMS',
    ...fields,
  };
  const materials = options.staged
    ? [{ KeyMaterialState: 'PENDING_ROTATION' as const, ImportState: 'IMPORTED' as const }]
    : undefined;
  return keyContextValue(meta, summarizeMaterial(meta, materials, NOW, 30), options.rotation, options.aliases ?? 0);
}

describe('Keys view context menus', () => {
  it('offer the usual actions on an enabled KMS key', () => {
    assert.deepEqual(commandsFor(key({}, { aliases: 1 })), [
      'copyAlias',
      'copyArn',
      'copyId',
      'createAlias',
      'deleteAlias',
      'disable',
      'disableRotation',
      'enableRotation',
      'rotateNow',
      'scheduleDeletion',
      'updateDescription',
    ]);
  });

  it('offer only the rotation switch that changes something once the rotation status is known', () => {
    assert.ok(commandsFor(key({}, { rotation: true })).includes('disableRotation'));
    assert.ok(!commandsFor(key({}, { rotation: true })).includes('enableRotation'));
    assert.ok(!commandsFor(key({}, { rotation: false })).includes('disableRotation'));
  });

  it('offer Enable Key on a disabled key, and no rotation or Rotate Now', () => {
    assert.deepEqual(commandsFor(key({ KeyState: 'Disabled' })), [
      'copyArn',
      'copyId',
      'createAlias',
      'enable',
      'scheduleDeletion',
      'updateDescription',
    ]);
  });

  it('offer importing key material (and the Key material page) on a key pending import, also as a row button', () => {
    const pending = key({ Origin: 'EXTERNAL', KeyState: 'PendingImport' });
    assert.deepEqual(commandsFor(pending), [
      'copyArn',
      'copyId',
      'createAlias',
      'importMaterial',
      'scheduleDeletion',
      'showMaterial',
      'updateDescription',
    ]);
    assert.deepEqual(
      commandsFor(pending, (g) => g === 'inline'),
      ['importMaterial'],
    );
  });

  it('offer deleting and re-importing material, and Rotate Now only when material waits for rotation', () => {
    const imported = key({ Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    assert.deepEqual(commandsFor(imported), [
      'copyArn',
      'copyId',
      'createAlias',
      'deleteMaterial',
      'disable',
      'importMaterial',
      'scheduleDeletion',
      'showMaterial',
      'updateDescription',
    ]);
    assert.ok(
      commandsFor(
        key({ Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }, { staged: true }),
      ).includes('rotateNow'),
    );
    assert.deepEqual(
      commandsFor(imported, (g) => g === 'inline'),
      [],
    );
  });

  it('offer only Cancel Key Deletion (and copying) on a key pending deletion', () => {
    assert.deepEqual(commandsFor(key({ KeyState: 'PendingDeletion' })), ['cancelDeletion', 'copyArn', 'copyId']);
  });

  it('offer only copying on AWS managed keys and their aliases', () => {
    assert.deepEqual(commandsFor(key({ KeyManager: 'AWS' }, { aliases: 1 })), ['copyAlias', 'copyArn', 'copyId']);
    assert.deepEqual(commandsFor('kmsAlias alias-aws'), ['copyAlias']);
    assert.deepEqual(commandsFor('kmsAlias alias-customer'), ['copyAlias', 'deleteAlias']);
  });

  it('offer deleting an imported key material from its row, not a pending or deleted one', () => {
    const material = (state: 'IMPORTED' | 'PENDING_IMPORT'): string =>
      materialContextValue({ KeyMaterialId: 'a', KeyMaterialState: 'CURRENT', ImportState: state }, NOW, 30);
    assert.deepEqual(commandsFor(material('IMPORTED')), ['deleteMaterial']);
    assert.deepEqual(commandsFor(material('PENDING_IMPORT')), []);
  });

  it('offer Create Key on a region and on the customer managed keys, and nothing on message rows', () => {
    assert.deepEqual(commandsFor('kmsRegion'), ['create']);
    assert.deepEqual(commandsFor('kmsKeyCategory category-customer'), ['create']);
    assert.deepEqual(commandsFor('kmsKeyCategory category-aws'), []);
    assert.deepEqual(commandsFor('kmsMessage message-error'), []);
    assert.deepEqual(commandsFor('kmsLoadMore'), []);
  });

  it('put the destructive actions in the last group', () => {
    const groups = itemMenu.filter((m) => m.group !== 'inline').map((m) => m.group ?? '');
    const last = [...groups].sort().at(-1)?.split('@')[0];
    const destructive = ['deleteAlias', 'deleteMaterial', 'scheduleDeletion'];
    for (const m of itemMenu) {
      const isLast = m.group?.split('@')[0] === last;
      assert.equal(isLast, destructive.includes(m.command.replace('awsKms.key.', '')), `${m.command} in ${m.group}`);
    }
  });

  it('offer Show Key Policy on every key, and Edit Key Policy on customer managed keys in every state', () => {
    const policy = (viewItem: string): string[] =>
      itemMenu
        .filter((m) => m.command.startsWith('awsKms.policy.') && evaluate(m.when, { view: 'awsKms.keys', viewItem }))
        .map((m) => m.command)
        .sort();
    for (const state of ['Enabled', 'Disabled', 'PendingImport', 'PendingDeletion'] as const) {
      assert.deepEqual(policy(key({ KeyState: state })), ['awsKms.policy.edit', 'awsKms.policy.show'], state);
    }
    assert.deepEqual(policy(key({ KeyManager: 'AWS' })), ['awsKms.policy.show']);
    assert.deepEqual(policy('kmsAlias alias-customer'), []);
  });
});
