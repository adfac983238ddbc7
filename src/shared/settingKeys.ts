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
}

export const SETTING_DEFAULTS: Readonly<SettingTypes> = {
  connection: 'aws',
  profile: '',
  region: '',
  endpointUrl: '',
  regions: [],
  maxItemsPerPage: 100,
  materialExpiryWarningDays: 30,
};

export type SettingKey = keyof SettingTypes;
export const SETTINGS_SECTION = 'awsKms';
