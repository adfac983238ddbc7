import * as vscode from 'vscode';
import type { KeySpec, KeyUsageType, OriginType } from '@aws-sdk/client-kms';
import { keyOperationError } from '../aws/keyErrors';
import { kmsCall } from '../aws/kmsCall';
import { KmsExtensionError } from '../core/errors';
import { reachMilestone } from '../walkthrough/milestones';
import { KeyNode } from './keyNode';
import { CategoryNode, RegionNode } from './nodes';
import { KEYS_VIEW_ID } from './keysTreeProvider';
import { answered, inputStep, pickStep, runSteps, type Step } from '../ui/steps';
import { aliasProblem } from './aliasCommands';
import { ask, type KeyCommandDeps } from './keyTarget';

/** Create Key…: usage and key spec, origin (KMS or imported material), alias, description — as the console asks. */

export interface CreateKeyOptions {
  region?: string;
  keyUsage?: KeyUsageType;
  keySpec?: KeySpec;
  origin?: OriginType;
  /** `alias/…`, or '' for none. */
  aliasName?: string;
  description?: string;
  /** For an EXTERNAL key: open its Key material page at the import steps (default), or not (false). */
  importMaterial?: boolean;
}

export interface CreatedKey {
  keyId: string;
  arn: string;
  region: string;
  alias?: string;
}

interface KeyType {
  usage: KeyUsageType;
  spec: KeySpec;
  label: string;
  detail: string;
}

/** Built on use, not at load: l10n strings are looked up when the command runs. */
const keyTypes = (): { group: string; types: KeyType[] }[] => [
  {
    group: vscode.l10n.t('Symmetric'),
    types: [
      {
        usage: 'ENCRYPT_DECRYPT',
        spec: 'SYMMETRIC_DEFAULT',
        label: vscode.l10n.t('Encrypt and decrypt'),
        detail: vscode.l10n.t('AES-256-GCM. The usual choice, and the one envelope encryption uses.'),
      },
      ...(['HMAC_256', 'HMAC_384', 'HMAC_512', 'HMAC_224'] as const).map((spec): KeyType => ({
        usage: 'GENERATE_VERIFY_MAC',
        spec,
        label: vscode.l10n.t('Generate and verify MAC'),
        detail: spec,
      })),
    ],
  },
  {
    group: vscode.l10n.t('Asymmetric'),
    types: [
      ...(['RSA_2048', 'RSA_3072', 'RSA_4096'] as const).map((spec): KeyType => ({
        usage: 'ENCRYPT_DECRYPT',
        spec,
        label: vscode.l10n.t('Encrypt and decrypt'),
        detail: spec,
      })),
      ...(
        [
          'ECC_NIST_P256',
          'ECC_NIST_P384',
          'ECC_NIST_P521',
          'ECC_SECG_P256K1',
          'ECC_NIST_EDWARDS25519',
          'RSA_2048',
          'RSA_3072',
          'RSA_4096',
          'ML_DSA_44',
          'ML_DSA_65',
          'ML_DSA_87',
        ] as const
      ).map((spec): KeyType => ({ usage: 'SIGN_VERIFY', spec, label: vscode.l10n.t('Sign and verify'), detail: spec })),
      ...(['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521'] as const).map((spec): KeyType => ({
        usage: 'KEY_AGREEMENT',
        spec,
        label: vscode.l10n.t('Key agreement'),
        detail: spec,
      })),
    ],
  },
];

export async function createKey(
  deps: KeyCommandDeps,
  arg?: unknown,
  options: CreateKeyOptions = {},
): Promise<CreatedKey> {
  // From a region, a category or (the view title passes the selection) a key: that region; else the connection's.
  const region =
    options.region ??
    (arg instanceof RegionNode || arg instanceof CategoryNode || arg instanceof KeyNode
      ? arg.region
      : deps.connections.region());
  const answers = await askCreateKey(region, options);
  const { type, origin, alias, description } = answers;

  const created = await vscode.window.withProgress(
    { location: { viewId: KEYS_VIEW_ID }, title: vscode.l10n.t('Creating key') },
    async () => {
      const kms = kmsCall(await deps.connections.client(region));
      const context = { connection: deps.connections.connection, region };
      const out = await kms('CreateKey', {
        KeyUsage: type.usage,
        KeySpec: type.spec,
        Origin: origin,
        ...(description && { Description: description }),
      }).catch((error: unknown) => {
        throw keyOperationError(error, { ...context, operation: 'CreateKey' });
      });
      const meta = out.KeyMetadata;
      if (!meta?.KeyId || !meta.Arn) {
        throw new KmsExtensionError(
          'MalformedResponse',
          vscode.l10n.t('CreateKey failed: KMS returned no key metadata.'),
        );
      }
      deps.log.info(`CreateKey ${meta.Arn}: ${type.spec} ${type.usage} ${origin}`, 'keys');
      const key: CreatedKey = { keyId: meta.KeyId, arn: meta.Arn, region };
      if (alias) {
        await kms('CreateAlias', { AliasName: alias, TargetKeyId: meta.KeyId }).catch(async (error: unknown) => {
          await deps.keys.keyChanged(meta.Arn as string, region).catch(() => undefined);
          const cause = keyOperationError(error, { ...context, operation: 'CreateAlias' });
          throw new KmsExtensionError(
            cause instanceof KmsExtensionError ? cause.code : 'CreateAlias',
            vscode.l10n.t('Created key {0}, but not its alias: {1}', key.keyId, cause.message),
            { cause },
          );
        });
        key.alias = alias;
      }
      return key;
    },
  );
  reachMilestone('keyCreated');
  await deps.keys
    .keyChanged(created.arn, region)
    .catch((error: unknown) =>
      deps.log.warn(
        `showing the new key ${created.arn}: ${deps.keys.describeFailure(error, region, 'DescribeKey')}`,
        'keys',
      ),
    );
  const label = created.alias?.replace(/^alias\//, '') ?? created.keyId;
  if (origin === 'EXTERNAL' && options.importMaterial !== false) {
    // The key is useless until its material is imported: continue on its Key material page.
    vscode.window.setStatusBarMessage(
      vscode.l10n.t('Created key {0}. It is pending import: import its key material.', label),
      5000,
    );
    await vscode.commands.executeCommand('awsKms.key.importMaterial', created.arn);
  } else {
    vscode.window.setStatusBarMessage(vscode.l10n.t('Created key {0}', label), 5000);
  }
  return created;
}

interface CreateKeyAnswers {
  type: { spec: KeySpec; usage: KeyUsageType };
  origin: OriginType;
  alias: string;
  description: string;
}

/**
 * The wizard: key type, origin, alias, description, each skipped when preset (the walkthrough presets the type and
 * origin); the steps are numbered among those asked, with Back from the second on. Presets are validated as typed
 * answers would be.
 */
async function askCreateKey(region: string, options: CreateKeyOptions): Promise<CreateKeyAnswers> {
  const aliasRule = (v: string): string | undefined =>
    v.trim() === '' || v.trim() === 'alias/' ? undefined : aliasProblem(v.trim());
  const descriptionRule = (v: string): string | undefined =>
    v.length > 8192 ? vscode.l10n.t('A description has at most 8192 characters.') : undefined;
  const answers: CreateKeyAnswers = {
    type: { spec: options.keySpec ?? 'SYMMETRIC_DEFAULT', usage: options.keyUsage ?? 'ENCRYPT_DECRYPT' },
    origin: options.origin ?? 'AWS_KMS',
    alias: options.aliasName === undefined ? '' : await ask(options.aliasName, { validateInput: aliasRule }),
    description:
      options.description === undefined ? '' : await ask(options.description, { validateInput: descriptionRule }),
  };
  const title = vscode.l10n.t('Create Key in {0}', region);
  const steps: Step[] = [];
  if (!options.keySpec && !options.keyUsage) {
    steps.push(
      answered(
        async (position) =>
          pickStep(position, keyTypeItems(), {
            title: `${title}: ${vscode.l10n.t('key type and usage')}`,
            matchOnDescription: true,
          }),
        (picked) => {
          if (picked.type) {
            answers.type = picked.type;
          }
        },
      ),
    );
  }
  if (!options.origin) {
    steps.push(
      answered(
        async (position) =>
          pickStep(position, originItems(), { title: `${title}: ${vscode.l10n.t('key material origin')}` }),
        (picked) => {
          answers.origin = picked.origin;
        },
      ),
    );
  }
  if (options.aliasName === undefined) {
    steps.push(
      answered(
        async (position) =>
          inputStep(position, {
            title: `${title}: ${vscode.l10n.t('alias (optional)')}`,
            prompt: vscode.l10n.t('Leave empty for no alias. Applications can name the key by its alias.'),
            value: answers.alias || 'alias/',
            valueSelection: [6, 6],
            validateInput: aliasRule,
          }),
        (value) => {
          answers.alias = value;
        },
      ),
    );
  }
  if (options.description === undefined) {
    steps.push(
      answered(
        async (position) =>
          inputStep(position, {
            title: `${title}: ${vscode.l10n.t('description (optional)')}`,
            prompt: vscode.l10n.t(
              'Describe what the key protects. Do not put secrets here: the description is shown in plain text.',
            ),
            value: answers.description,
            validateInput: descriptionRule,
          }),
        (value) => {
          answers.description = value;
        },
      ),
    );
  }
  await runSteps(steps);
  return { ...answers, alias: answers.alias.trim().replace(/^alias\/$/, '') };
}

type KeyTypeItem = vscode.QuickPickItem & { type?: KeyType };

function keyTypeItems(): KeyTypeItem[] {
  return keyTypes().flatMap(({ group, types }) => [
    { label: group, kind: vscode.QuickPickItemKind.Separator },
    ...types.map((type) => ({
      label: type.label,
      description: type.spec,
      detail: type.spec === 'SYMMETRIC_DEFAULT' ? type.detail : undefined,
      type,
    })),
  ]);
}

function originItems(): (vscode.QuickPickItem & { origin: OriginType })[] {
  return [
    {
      label: vscode.l10n.t('KMS'),
      description: 'AWS_KMS',
      detail: vscode.l10n.t('KMS creates and keeps the key material.'),
      origin: 'AWS_KMS',
    },
    {
      label: vscode.l10n.t('External (import key material)'),
      description: 'EXTERNAL',
      detail: vscode.l10n.t('You import key material you created; you keep a copy and can let it expire.'),
      origin: 'EXTERNAL',
    },
  ];
}
