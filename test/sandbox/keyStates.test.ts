import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeyPoliciesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { createKey, expectKmsError, keyIn, TEST_STATES, type TestState } from './keyFixtures';
import { useSandbox } from './support';

/**
 * kms-api.md §5.3, cell by cell, for the key-management operations: each operation against a symmetric key in
 * Enabled, Disabled, PendingDeletion and PendingImport (an EXTERNAL key without material).
 */

interface Key {
  KeyId: string;
  Arn: string;
}
/** A refusal: the exception name and its message for the key's ARN. */
type Refusal = [name: string, message: (arn: string) => string];
/** ✓ (optionally with the state the key moves to) or a refusal. */
type Outcome = { ok: true; becomes?: TestState } | { refused: Refusal };

const OK: Outcome = { ok: true };
const becomes = (state: TestState): Outcome => ({ ok: true, becomes: state });
const refused = (name: string, message: (arn: string) => string): Outcome => ({ refused: [name, message] });
const PD = refused('KMSInvalidStateException', (arn) => `${arn} is pending deletion.`);
const NPD = refused('KMSInvalidStateException', (arn) => `${arn} is not pending deletion.`);
const PI = refused('KMSInvalidStateException', (arn) => `${arn} is pending import.`);
const DIS = refused('DisabledException', (arn) => `${arn} is disabled.`);
const UEXT = refused(
  'UnsupportedOperationException',
  (arn) => `${arn} origin is EXTERNAL which is not valid for this operation.`,
);

interface Row {
  operation: string;
  /** Runs the operation against the key in the state under test. */
  run(kms: KMSClient, key: Key): Promise<unknown>;
  /** Gives the key an alias before it is moved into the state (aliases can't be added to a key pending deletion). */
  withAlias?: boolean;
  outcomes: Record<TestState, Outcome>;
}

const all = (outcome: Outcome): Record<TestState, Outcome> => ({
  Enabled: outcome,
  Disabled: outcome,
  PendingDeletion: outcome,
  PendingImport: outcome,
});
const aliasOf = (key: Key): string => `alias/of-${key.KeyId}`;
const policy =
  '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}';

const table: Row[] = [
  {
    operation: 'CancelKeyDeletion',
    run: async (kms, k) => kms.send(new CancelKeyDeletionCommand({ KeyId: k.KeyId })),
    outcomes: { Enabled: NPD, Disabled: NPD, PendingDeletion: becomes('Disabled'), PendingImport: NPD },
  },
  {
    operation: 'CreateAlias (target)',
    run: async (kms, k) =>
      kms.send(new CreateAliasCommand({ AliasName: `alias/new-${k.KeyId}`, TargetKeyId: k.KeyId })),
    outcomes: { Enabled: OK, Disabled: OK, PendingDeletion: PD, PendingImport: OK },
  },
  {
    operation: 'UpdateAlias (new target)',
    run: async (kms, k) => {
      const current = await createKey(kms);
      await kms.send(new CreateAliasCommand({ AliasName: `alias/move-${k.KeyId}`, TargetKeyId: current.KeyId }));
      return kms.send(new UpdateAliasCommand({ AliasName: `alias/move-${k.KeyId}`, TargetKeyId: k.KeyId }));
    },
    outcomes: { Enabled: OK, Disabled: OK, PendingDeletion: PD, PendingImport: OK },
  },
  {
    operation: 'UpdateAlias (current target)',
    withAlias: true,
    run: async (kms, k) =>
      kms.send(new UpdateAliasCommand({ AliasName: aliasOf(k), TargetKeyId: (await createKey(kms)).KeyId })),
    outcomes: all(OK),
  },
  {
    operation: 'DeleteAlias',
    withAlias: true,
    run: async (kms, k) => kms.send(new DeleteAliasCommand({ AliasName: aliasOf(k) })),
    outcomes: all(OK),
  },
  {
    operation: 'DescribeKey',
    run: async (kms, k) => kms.send(new DescribeKeyCommand({ KeyId: k.Arn })),
    outcomes: all(OK),
  },
  {
    operation: 'ListAliases',
    withAlias: true,
    outcomes: all(OK),
    run: async (kms, k) =>
      assert.equal((await kms.send(new ListAliasesCommand({ KeyId: k.KeyId }))).Aliases?.length, 1),
  },
  {
    operation: 'ListKeys',
    outcomes: all(OK),
    run: async (kms, k) =>
      assert.ok((await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys?.some((e) => e.KeyId === k.KeyId)),
  },
  {
    operation: 'ListResourceTags',
    run: async (kms, k) => kms.send(new ListResourceTagsCommand({ KeyId: k.KeyId })),
    outcomes: all(OK),
  },
  {
    operation: 'GetKeyPolicy',
    run: async (kms, k) => kms.send(new GetKeyPolicyCommand({ KeyId: k.KeyId })),
    outcomes: all(OK),
  },
  {
    operation: 'PutKeyPolicy',
    run: async (kms, k) => kms.send(new PutKeyPolicyCommand({ KeyId: k.KeyId, Policy: policy })),
    outcomes: all(OK),
  },
  {
    operation: 'ListKeyPolicies',
    run: async (kms, k) => kms.send(new ListKeyPoliciesCommand({ KeyId: k.KeyId })),
    outcomes: all(OK),
  },
  {
    operation: 'EnableKey',
    run: async (kms, k) => kms.send(new EnableKeyCommand({ KeyId: k.KeyId })),
    outcomes: { Enabled: becomes('Enabled'), Disabled: becomes('Enabled'), PendingDeletion: PD, PendingImport: PI },
  },
  {
    operation: 'DisableKey',
    run: async (kms, k) => kms.send(new DisableKeyCommand({ KeyId: k.KeyId })),
    outcomes: { Enabled: becomes('Disabled'), Disabled: becomes('Disabled'), PendingDeletion: PD, PendingImport: PI },
  },
  {
    operation: 'ScheduleKeyDeletion',
    run: async (kms, k) => kms.send(new ScheduleKeyDeletionCommand({ KeyId: k.KeyId })),
    outcomes: {
      Enabled: becomes('PendingDeletion'),
      Disabled: becomes('PendingDeletion'),
      PendingDeletion: PD,
      PendingImport: becomes('PendingDeletion'),
    },
  },
  {
    operation: 'UpdateKeyDescription',
    run: async (kms, k) => kms.send(new UpdateKeyDescriptionCommand({ KeyId: k.KeyId, Description: 'd' })),
    outcomes: { Enabled: OK, Disabled: OK, PendingDeletion: PD, PendingImport: OK },
  },
  {
    operation: 'TagResource',
    run: async (kms, k) => kms.send(new TagResourceCommand({ KeyId: k.KeyId, Tags: [{ TagKey: 't', TagValue: 'v' }] })),
    outcomes: { Enabled: OK, Disabled: OK, PendingDeletion: PD, PendingImport: OK },
  },
  {
    operation: 'UntagResource',
    run: async (kms, k) => kms.send(new UntagResourceCommand({ KeyId: k.KeyId, TagKeys: ['t'] })),
    outcomes: { Enabled: OK, Disabled: OK, PendingDeletion: PD, PendingImport: OK },
  },
  {
    operation: 'EnableKeyRotation',
    run: async (kms, k) => kms.send(new EnableKeyRotationCommand({ KeyId: k.KeyId })),
    outcomes: { Enabled: OK, Disabled: DIS, PendingDeletion: PD, PendingImport: UEXT },
  },
  {
    operation: 'DisableKeyRotation',
    run: async (kms, k) => kms.send(new DisableKeyRotationCommand({ KeyId: k.KeyId })),
    outcomes: { Enabled: OK, Disabled: DIS, PendingDeletion: PD, PendingImport: UEXT },
  },
  {
    operation: 'GetKeyRotationStatus',
    run: async (kms, k) => kms.send(new GetKeyRotationStatusCommand({ KeyId: k.KeyId })),
    outcomes: all(OK),
  },
];

describe('sandbox key-state table (§5.3) for key management operations', () => {
  const fx = useSandbox();

  const stateOf = async (key: Key): Promise<string | undefined> =>
    (await fx.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata?.KeyState;

  async function keyFor(row: Row, state: TestState): Promise<Key> {
    if (!row.withAlias) {
      return keyIn(fx.kms, state);
    }
    const key = await createKey(fx.kms, state === 'PendingImport' ? { Origin: 'EXTERNAL' } : {});
    await fx.kms.send(new CreateAliasCommand({ AliasName: aliasOf(key), TargetKeyId: key.KeyId }));
    if (state === 'Disabled') {
      await fx.kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    }
    if (state === 'PendingDeletion') {
      await fx.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId }));
    }
    return key;
  }

  for (const row of table) {
    describe(row.operation, () => {
      for (const state of TEST_STATES) {
        const outcome = row.outcomes[state];
        const label =
          'refused' in outcome
            ? `is refused with ${outcome.refused[0]}`
            : `succeeds${outcome.becomes ? ` (→ ${outcome.becomes})` : ''}`;
        it(`${label} on a key that is ${state}`, async () => {
          const key = await keyFor(row, state);
          assert.equal(await stateOf(key), state);
          if ('refused' in outcome) {
            const [name, message] = outcome.refused;
            await expectKmsError(async () => row.run(fx.kms, key), name, message(key.Arn));
            assert.equal(await stateOf(key), state, 'a refused call changes nothing');
          } else {
            await row.run(fx.kms, key);
            assert.equal(await stateOf(key), outcome.becomes ?? state);
          }
        });
      }
    });
  }
});
