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

  /**
   * The value a trusted workspace (or one of its folders) gives `key`, which then overrides the user's; undefined
   * when it sets none, and in Restricted Mode, where VS Code reads restricted settings from user settings only.
   */
  workspaceValue<K extends SettingKey>(key: K): SettingValue<K> | undefined {
    if (!vscode.workspace.isTrusted) {
      return undefined;
    }
    const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<SettingValue<K>>(key);
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  }

  affects(event: vscode.ConfigurationChangeEvent, key?: SettingKey): boolean {
    return event.affectsConfiguration(key ? `${SETTINGS_SECTION}.${key}` : SETTINGS_SECTION);
  }
}
