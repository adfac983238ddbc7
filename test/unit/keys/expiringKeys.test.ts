import { strict as assert } from 'node:assert';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import type { KeyEntry } from '../../../src/aws/keyCatalogue';
import { expiringKeys } from '../../../src/keys/model/expiringKeys';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 4);

function external(keyId: string, validTo: number | undefined, aliases: string[] = []): KeyEntry {
  const metadata: KeyMetadata = {
    KeyId: keyId,
    Arn: `arn:aws:kms:eu-west-1:111122223333:key/${keyId}`,
    Origin: 'EXTERNAL',
    KeyState: 'Enabled',
    ExpirationModel: validTo === undefined ? 'KEY_MATERIAL_DOES_NOT_EXPIRE' : 'KEY_MATERIAL_EXPIRES',
    ...(validTo !== undefined && { ValidTo: new Date(validTo) }),
  };
  return { keyId, arn: metadata.Arn as string, metadata, aliases };
}

const catalogue = (...entries: KeyEntry[]) => ({ allEntries: () => entries });

describe('expiringKeys', () => {
  it('lists the keys of every region whose material expires within the window, soonest first, by alias', () => {
    const found = expiringKeys(
      [
        ['eu-west-1', catalogue(external('k-late', now + 6 * DAY), external('k-never', undefined))],
        [
          'us-east-1',
          catalogue(external('k-soon', now + 2 * DAY, ['alias/payments']), external('k-far', now + 60 * DAY)),
        ],
      ],
      now,
      7,
    );
    assert.deepEqual(
      found.map((k) => [k.region, k.keyId, k.label, k.expiresAt]),
      [
        ['us-east-1', 'k-soon', 'payments', now + 2 * DAY],
        ['eu-west-1', 'k-late', 'k-late', now + 6 * DAY],
      ],
    );
  });

  it('finds none with the warning off (0 days), and skips keys whose metadata could not be read', () => {
    const denied: KeyEntry = { keyId: 'k-denied', arn: 'arn:aws:kms:eu-west-1:111122223333:key/k-denied', aliases: [] };
    assert.deepEqual(expiringKeys([['eu-west-1', catalogue(external('k-soon', now + DAY))]], now, 0), []);
    assert.deepEqual(expiringKeys([['eu-west-1', catalogue(denied)]], now, 7), []);
  });
});
