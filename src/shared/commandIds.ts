/** Every command the extension registers. A test checks this list, package.json and the registrations agree. */
export const COMMAND_IDS = [
  'awsKms.connection.select',
  'awsKms.connection.useSandbox',
  'awsKms.connection.selectRegion',
  'awsKms.connection.reload',
  'awsKms.log.show',
  'awsKms.keys.refresh',
  'awsKms.keys.loadMore',
  'awsKms.keys.showExpiring',
  'awsKms.key.create',
  'awsKms.key.createAlias',
  'awsKms.key.deleteAlias',
  'awsKms.key.updateDescription',
  'awsKms.key.enable',
  'awsKms.key.disable',
  'awsKms.key.scheduleDeletion',
  'awsKms.key.cancelDeletion',
  'awsKms.key.enableRotation',
  'awsKms.key.disableRotation',
  'awsKms.key.rotateNow',
  'awsKms.key.importMaterial',
  'awsKms.key.showMaterial',
  'awsKms.key.deleteMaterial',
  'awsKms.key.copyArn',
  'awsKms.key.copyId',
  'awsKms.key.copyAlias',
  'awsKms.file.encrypt',
  'awsKms.file.decrypt',
  'awsKms.file.reencrypt',
  'awsKms.selection.encrypt',
  'awsKms.selection.decrypt',
  'awsKms.dataKey.generate',
  'awsKms.file.openDecrypted',
  'awsKms.file.showEnvelopeInfo',
  'awsKms.walkthrough.createSampleFile',
  'awsKms.walkthrough.encryptSampleFile',
  'awsKms.walkthrough.decryptSampleFile',
  'awsKms.walkthrough.reencryptSampleFile',
  'awsKms.policy.edit',
  'awsKms.policy.show',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** The commands of the Keys view and the key lifecycle. */
export type KeyCommandId = Extract<CommandId, `awsKms.key.${string}` | `awsKms.keys.${string}`>;

/** The commands of envelope-encrypted files, selections and data keys. */
export type FileCommandId = Exclude<
  Extract<CommandId, `awsKms.file.${string}` | `awsKms.selection.${string}` | `awsKms.dataKey.${string}`>,
  EditingCommandId
>;
/** The walkthrough's own buttons (src/walkthrough). */
export type WalkthroughCommandId = Extract<CommandId, `awsKms.walkthrough.${string}`>;
/** Editing encrypted files in memory and reading their envelope (src/editing). */
export type EditingCommandId = 'awsKms.file.openDecrypted' | 'awsKms.file.showEnvelopeInfo';
/** Key policies as documents (src/policy). */
export type PolicyCommandId = Extract<CommandId, `awsKms.policy.${string}`>;
