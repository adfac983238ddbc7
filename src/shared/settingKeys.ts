/** Every `awsKms.*` setting the code reads, with its type and default. A unit test checks each is declared in package.json. */
export interface SettingTypes {
  connection: 'aws' | 'sandbox';
  profile: string;
  region: string;
  endpointUrl: string;
}

export const SETTING_DEFAULTS: Readonly<SettingTypes> = {
  connection: 'aws',
  profile: '',
  region: '',
  endpointUrl: '',
};

export type SettingKey = keyof SettingTypes;
export const SETTINGS_SECTION = 'awsKms';
