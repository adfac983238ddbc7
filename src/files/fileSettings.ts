import type { DecryptPolicy, EncryptOptions } from '../aws/envelope/types';
import type * as vscode from 'vscode';
import type { Settings } from '../platform/settings';
import { SETTING_DEFAULTS, type SettingKey } from '../shared/settingKeys';

/** The `awsKms.encryption.*` and `awsKms.decryption.*` settings as engine options. */

export function encryptionSettings(
  settings: Settings,
): Pick<EncryptOptions, 'armor' | 'suite' | 'frameLength' | 'verify'> {
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

/**
 * Whether a settings change touched only `awsKms.encryption.*` / `awsKms.decryption.*`: those are read when a command
 * runs, so they need no new connection (and no redrawn Keys view).
 */
export function affectsOnlyFileSettings(settings: Settings, event: vscode.ConfigurationChangeEvent): boolean {
  const keys = Object.keys(SETTING_DEFAULTS) as SettingKey[];
  const isFileSetting = (key: SettingKey): boolean => key.startsWith('encryption.') || key.startsWith('decryption.');
  return (
    keys.some((key) => isFileSetting(key) && settings.affects(event, key)) &&
    !keys.some((key) => !isFileSetting(key) && settings.affects(event, key))
  );
}
