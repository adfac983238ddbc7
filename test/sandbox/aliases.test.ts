import assert from 'node:assert/strict';
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  ListAliasesCommand,
  ScheduleKeyDeletionCommand,
  UpdateAliasCommand,
  type AliasListEntry,
} from '@aws-sdk/client-kms';
import { createKey, expectKmsError, TestClock } from './keyFixtures';
import { useSandbox } from './support';

const ALIAS_ARN = (name: string): string => `arn:aws:kms:us-east-1:111122223333:${name}`;

describe('sandbox aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases', () => {
  const clock = new TestClock();
  const fx = useSandbox({ now: clock.now }, { perTest: true });

  const create = async (AliasName: string, TargetKeyId: string): Promise<unknown> =>
    fx.kms.send(new CreateAliasCommand({ AliasName, TargetKeyId }));
  const listAll = async (KeyId?: string): Promise<AliasListEntry[]> =>
    (await fx.kms.send(new ListAliasesCommand({ KeyId, Limit: 100 }))).Aliases ?? [];
  const targetOf = async (alias: string): Promise<string | undefined> =>
    (await fx.kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata?.KeyId;

  describe('CreateAlias', () => {
    it('points a new alias at a key given by id or ARN, listed with ARN, bare target id and dates', async () => {
      const key = await createKey(fx.kms);
      await create('alias/by-id', key.KeyId);
      await create('alias/by-arn', key.Arn);
      const [byArn, byId] = await listAll();
      assert.deepEqual(byId, {
        AliasName: 'alias/by-id',
        AliasArn: ALIAS_ARN('alias/by-id'),
        TargetKeyId: key.KeyId,
        CreationDate: new Date(clock.ms),
        LastUpdatedDate: new Date(clock.ms),
      });
      assert.equal(byArn?.AliasName, 'alias/by-arn');
      assert.equal(byArn?.TargetKeyId, key.KeyId);
      assert.equal(await targetOf('alias/by-arn'), key.KeyId);
    });

    it('accepts a pending-import target', async () => {
      const external = await createKey(fx.kms, { Origin: 'EXTERNAL' });
      await create('alias/external', external.KeyId);
      assert.equal(await targetOf('alias/external'), external.KeyId);
    });

    it('demands the alias/ prefix with the exact KMS text', async () => {
      const key = await createKey(fx.kms);
      await expectKmsError(
        async () => create('my-key', key.KeyId),
        'ValidationException',
        'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
      );
    });

    it('checks the name pattern and length the Coral way', async () => {
      const key = await createKey(fx.kms);
      await expectKmsError(
        async () => create('alias/has space', key.KeyId),
        'ValidationException',
        "1 validation error detected: Value 'alias/has space' at 'aliasName' failed to satisfy constraint: " +
          'Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$',
      );
      const long = `alias/${'a'.repeat(251)}`;
      await expectKmsError(
        async () => create(long, key.KeyId),
        'ValidationException',
        `1 validation error detected: Value '${long}' at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256`,
      );
      await create(`alias/${'a'.repeat(250)}`, key.KeyId);
    });

    it("refuses ':' in a name, though the pattern lets it through", async () => {
      const key = await createKey(fx.kms);
      await expectKmsError(
        async () => create('alias/a:b', key.KeyId),
        'ValidationException',
        'alias/a:b contains invalid characters for an alias',
      );
    });

    it('keeps alias/aws/ for AWS', async () => {
      const key = await createKey(fx.kms);
      await expectKmsError(async () => create('alias/aws/s3', key.KeyId), 'NotAuthorizedException');
      assert.deepEqual(await listAll(), []);
    });

    it('refuses a name that exists, naming it by ARN', async () => {
      const [a, b] = [await createKey(fx.kms), await createKey(fx.kms)];
      await create('alias/taken', a.KeyId);
      await expectKmsError(
        async () => create('alias/taken', b.KeyId),
        'AlreadyExistsException',
        `An alias with the name ${ALIAS_ARN('alias/taken')} already exists`,
      );
      assert.equal(await targetOf('alias/taken'), a.KeyId);
    });

    it('takes key ids and ARNs only as targets, never another alias', async () => {
      const key = await createKey(fx.kms);
      await create('alias/first', key.KeyId);
      await expectKmsError(
        async () => create('alias/second', 'alias/first'),
        'NotFoundException',
        "Invalid keyId 'alias/first'",
      );
      await expectKmsError(
        async () => create('alias/second', ALIAS_ARN('alias/first')),
        'NotFoundException',
        `Invalid keyId '${ALIAS_ARN('alias/first')}'`,
      );
      const unknown = '11111111-2222-4333-8444-555555555555';
      await expectKmsError(
        async () => create('alias/second', unknown),
        'NotFoundException',
        `Key 'arn:aws:kms:us-east-1:111122223333:key/${unknown}' does not exist`,
      );
      assert.equal((await listAll()).length, 1);
    });

    it('allows 50 aliases per key and refuses the 51st', async () => {
      const [full, other] = [await createKey(fx.kms), await createKey(fx.kms)];
      for (let i = 0; i < 50; i++) {
        await create(`alias/k${String(i).padStart(2, '0')}`, full.KeyId);
      }
      await expectKmsError(
        async () => create('alias/one-too-many', full.KeyId),
        'LimitExceededException',
        `${full.Arn} already has 50 aliases, the most a KMS key can have.`,
      );
      await create('alias/elsewhere', other.KeyId);
      assert.equal((await listAll(full.KeyId)).length, 50);
    });
  });

  describe('UpdateAlias', () => {
    it('moves an alias to another key of the same kind and usage and sets LastUpdatedDate', async () => {
      const [a, b] = [await createKey(fx.kms), await createKey(fx.kms)];
      await create('alias/moving', a.KeyId);
      const created = clock.ms;
      clock.ms += 60_000;
      await fx.kms.send(new UpdateAliasCommand({ AliasName: 'alias/moving', TargetKeyId: b.Arn }));
      assert.equal(await targetOf('alias/moving'), b.KeyId);
      const [entry] = await listAll();
      assert.equal(entry?.TargetKeyId, b.KeyId);
      assert.equal(entry?.CreationDate?.getTime(), created);
      assert.equal(entry?.LastUpdatedDate?.getTime(), created + 60_000);
    });

    it('moves between asymmetric specs and between HMAC specs when the usage matches', async () => {
      const p256 = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      const k1 = await createKey(fx.kms, { KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' });
      await create('alias/signer', p256.KeyId);
      await fx.kms.send(new UpdateAliasCommand({ AliasName: 'alias/signer', TargetKeyId: k1.KeyId }));
      assert.equal(await targetOf('alias/signer'), k1.KeyId);
      const h256 = await createKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      const h512 = await createKey(fx.kms, { KeySpec: 'HMAC_512', KeyUsage: 'GENERATE_VERIFY_MAC' });
      await create('alias/mac', h256.KeyId);
      await fx.kms.send(new UpdateAliasCommand({ AliasName: 'alias/mac', TargetKeyId: h512.KeyId }));
      assert.equal(await targetOf('alias/mac'), h512.KeyId);
    });

    it('refuses a key of another kind or usage and leaves the alias where it was', async () => {
      const symmetric = await createKey(fx.kms);
      const hmac = await createKey(fx.kms, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
      const signer = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      const agreer = await createKey(fx.kms, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
      await create('alias/sym', symmetric.KeyId);
      await expectKmsError(
        async () => fx.kms.send(new UpdateAliasCommand({ AliasName: 'alias/sym', TargetKeyId: hmac.KeyId })),
        'ValidationException',
        `alias/sym points to a symmetric key with key usage ENCRYPT_DECRYPT; it cannot be moved to ${hmac.Arn}, a HMAC key with key usage GENERATE_VERIFY_MAC.`,
      );
      assert.equal(await targetOf('alias/sym'), symmetric.KeyId);
      await create('alias/ecc', signer.KeyId);
      await expectKmsError(
        async () => fx.kms.send(new UpdateAliasCommand({ AliasName: 'alias/ecc', TargetKeyId: agreer.KeyId })),
        'ValidationException',
        /key usage SIGN_VERIFY; it cannot be moved to .* key usage KEY_AGREEMENT\.$/,
      );
      assert.equal(await targetOf('alias/ecc'), signer.KeyId);
    });

    it('needs an existing alias and a key id or ARN', async () => {
      const key = await createKey(fx.kms);
      await expectKmsError(
        async () => fx.kms.send(new UpdateAliasCommand({ AliasName: 'alias/ghost', TargetKeyId: key.KeyId })),
        'NotFoundException',
        `Alias ${ALIAS_ARN('alias/ghost')} is not found.`,
      );
      await create('alias/real', key.KeyId);
      await expectKmsError(
        async () => fx.kms.send(new UpdateAliasCommand({ AliasName: 'alias/real', TargetKeyId: 'alias/real' })),
        'NotFoundException',
        "Invalid keyId 'alias/real'",
      );
      await expectKmsError(
        async () => fx.kms.send(new UpdateAliasCommand({ AliasName: 'real', TargetKeyId: key.KeyId })),
        'ValidationException',
        /^Alias must start with the prefix "alias\/"/,
      );
    });

    it('refuses a new target pending deletion but moves away from a current target pending deletion', async () => {
      const [current, next, doomed] = [await createKey(fx.kms), await createKey(fx.kms), await createKey(fx.kms)];
      await create('alias/escape', current.KeyId);
      await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId }));
      await expectKmsError(
        async () => fx.kms.send(new UpdateAliasCommand({ AliasName: 'alias/escape', TargetKeyId: doomed.KeyId })),
        'KMSInvalidStateException',
        `${doomed.Arn} is pending deletion.`,
      );
      await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: current.KeyId }));
      await fx.kms.send(new UpdateAliasCommand({ AliasName: 'alias/escape', TargetKeyId: next.KeyId }));
      assert.equal(await targetOf('alias/escape'), next.KeyId);
    });
  });

  describe('DeleteAlias', () => {
    it('removes the alias and leaves the key', async () => {
      const key = await createKey(fx.kms);
      await create('alias/gone', key.KeyId);
      await fx.kms.send(new DeleteAliasCommand({ AliasName: 'alias/gone' }));
      assert.deepEqual(await listAll(), []);
      await expectKmsError(
        async () => fx.kms.send(new DescribeKeyCommand({ KeyId: 'alias/gone' })),
        'NotFoundException',
        `Alias ${ALIAS_ARN('alias/gone')} is not found.`,
      );
      assert.equal(await targetOf(key.KeyId), key.KeyId);
    });

    it('names an unknown alias by ARN, and checks the name like CreateAlias', async () => {
      await expectKmsError(
        async () => fx.kms.send(new DeleteAliasCommand({ AliasName: 'alias/never' })),
        'NotFoundException',
        `Alias ${ALIAS_ARN('alias/never')} is not found.`,
      );
      await expectKmsError(
        async () => fx.kms.send(new DeleteAliasCommand({ AliasName: 'never' })),
        'ValidationException',
        /^Alias must start with the prefix "alias\/"/,
      );
      await expectKmsError(
        async () => fx.kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/kms' })),
        'NotAuthorizedException',
      );
    });
  });

  describe('ListAliases', () => {
    it('lists aliases sorted by name, and filters by key id or ARN', async () => {
      const [a, b] = [await createKey(fx.kms), await createKey(fx.kms)];
      await create('alias/zeta', a.KeyId);
      await create('alias/Alpha', b.KeyId);
      await create('alias/beta', a.KeyId);
      assert.deepEqual(
        (await listAll()).map((x) => x.AliasName),
        ['alias/Alpha', 'alias/beta', 'alias/zeta'],
      );
      assert.deepEqual(
        (await listAll(a.KeyId)).map((x) => x.AliasName),
        ['alias/beta', 'alias/zeta'],
      );
      assert.deepEqual(
        (await listAll(b.Arn)).map((x) => x.AliasName),
        ['alias/Alpha'],
      );
      const none = await fx.kms.send(new ListAliasesCommand({}));
      assert.equal(none.Truncated, false);
      assert.equal(none.NextMarker, undefined);
    });

    it('answers an empty list for a key without aliases, and NotFound for an unknown or alias KeyId', async () => {
      const key = await createKey(fx.kms);
      assert.deepEqual(await listAll(key.KeyId), []);
      const unknown = '11111111-2222-4333-8444-555555555555';
      await expectKmsError(
        async () => listAll(unknown),
        'NotFoundException',
        `Key 'arn:aws:kms:us-east-1:111122223333:key/${unknown}' does not exist`,
      );
      await create('alias/some', key.KeyId);
      await expectKmsError(async () => listAll('alias/some'), 'NotFoundException', "Invalid keyId 'alias/some'");
    });
  });
});
