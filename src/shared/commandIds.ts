/** Every command the extension registers. A test checks this list, package.json and the registrations agree. */
export const COMMAND_IDS = [
  'awsKms.connection.select',
  'awsKms.connection.useSandbox',
  'awsKms.connection.selectRegion',
  'awsKms.connection.reload',
  'awsKms.log.show',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];
