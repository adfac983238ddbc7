import * as vscode from 'vscode';
import { SETTING_DEFAULTS, SETTINGS_SECTION, type SettingKey, type SettingTypes } from '../shared/settingKeys';

type SettingValue<K extends SettingKey> = SettingTypes[K];

/** Typed access to the `awsKms.*` settings. */
export class Settings {
  get<K extends SettingKey>(key: K): SettingValue<K> {
    return vscode.workspace.getConfiguration(SETTINGS_SECTION).get<SettingValue<K>>(key, SETTING_DEFAULTS[key]);
  }

  /** Writes to the scope where the setting already has a value, else to the user settings. */
  async set<K extends SettingKey>(key: K, value: SettingValue<K> | undefined): Promise<void> {
    const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const inspected = config.inspect(key);
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await config.update(key, value, target);
  }

  affects(event: vscode.ConfigurationChangeEvent, key?: SettingKey): boolean {
    return event.affectsConfiguration(key ? `${SETTINGS_SECTION}.${key}` : SETTINGS_SECTION);
  }
}
