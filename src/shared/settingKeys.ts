/** Every `awsKms.*` setting the code reads, with its type and default. A unit test checks each is declared in package.json. */
export interface SettingTypes {
  connection: 'aws' | 'sandbox';
  profile: string;
  region: string;
  endpointUrl: string;
  /** Regions the Keys view lists; empty: the connection's region. */
  regions: string[];
  /** Keys per "Load more…" page of the Keys view, 1–1000. */
  maxItemsPerPage: number;
  /** Warn about imported key material that expires within this many days; 0 turns the warning off. */
  materialExpiryWarningDays: number;
  /** How an encrypted file is stored: `auto` armours text (base64) and keeps binary files raw. */
  'encryption.armor': 'auto' | 'base64' | 'binary';
  /** The ESDK algorithm suite new files are encrypted with (both key-committing). */
  'encryption.algorithmSuite':
    'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384' | 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY';
  /** Plaintext bytes per frame. */
  'encryption.frameLength': number;
  /** What encrypt checks before it replaces a file. */
  'encryption.verify': 'dataKey' | 'full' | 'off';
  /** Key ids, ARNs or aliases preselected when encrypting (a workspace setting, typically). */
  'encryption.defaultKeys': string[];
  /** Encryption context bound to new files, selections and data keys. */
  'encryption.context': Record<string, string>;
  /** Refuse encrypted files with more encrypted data keys than this. */
  'decryption.maxEncryptedDataKeys': number;
  /** Decrypt only with KMS keys of these AWS accounts; empty: any account the file names. */
  'decryption.allowedAccountIds': string[];
  /** Encryption context keys a file must have to be decrypted. */
  'decryption.requiredContextKeys': string[];
}

export const SETTING_DEFAULTS: Readonly<SettingTypes> = {
  connection: 'aws',
  profile: '',
  region: '',
  endpointUrl: '',
  regions: [],
  maxItemsPerPage: 100,
  materialExpiryWarningDays: 30,
  'encryption.armor': 'auto',
  'encryption.algorithmSuite': 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384',
  'encryption.frameLength': 1_048_576,
  'encryption.verify': 'dataKey',
  'encryption.defaultKeys': [],
  'encryption.context': {},
  'decryption.maxEncryptedDataKeys': 10,
  'decryption.allowedAccountIds': [],
  'decryption.requiredContextKeys': [],
};

export type SettingKey = keyof SettingTypes;
export const SETTINGS_SECTION = 'awsKms';
