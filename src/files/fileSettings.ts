import type { DecryptPolicy, EncryptOptions } from '../aws/envelope/types';
import type { Settings } from '../platform/settings';

/** The `awsKms.encryption.*` and `awsKms.decryption.*` settings as engine options. */

export function encryptionSettings(settings: Settings): Pick<EncryptOptions, 'armor' | 'suite' | 'frameLength' | 'verify'> {
  return {
    armor: settings.get('encryption.armor'),
    suite: settings.get('encryption.algorithmSuite'),
    frameLength: settings.get('encryption.frameLength'),
    verify: settings.get('encryption.verify'),
  };
}

/** The encryption context from the settings; values that are not strings are refused by the engine's own check. */
export function contextSetting(settings: Settings): Record<string, string> {
  return { ...settings.get('encryption.context') };
}

/**
 * The decrypt policy: any KMS key the file names (discovery), limited to the allowed accounts, with the required
 * context keys and the data-key limit; `expectedContext` from the caller.
 */
export function decryptPolicy(settings: Settings, expectedContext?: Record<string, string>): DecryptPolicy {
  const accountIds = settings.get('decryption.allowedAccountIds');
  const required = settings.get('decryption.requiredContextKeys');
  return {
    keys: { discovery: true, ...(accountIds.length > 0 && { accountIds }) },
    maxEncryptedDataKeys: settings.get('decryption.maxEncryptedDataKeys'),
    ...(required.length > 0 && { requiredContextKeys: required }),
    ...(expectedContext && { expectedContext }),
  };
}

/** "k=v, k2=v2", or "(none)": how confirmations and messages show a context. */
export function describeContext(context: Record<string, string>): string {
  const pairs = Object.entries(context);
  return pairs.length === 0 ? '(none)' : pairs.map(([key, value]) => `${key}=${value}`).join(', ');
}
