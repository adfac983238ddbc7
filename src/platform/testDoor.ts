/**
 * The test door: the integration harness sets this variable for the extension host it starts, and only then does
 * activate() hand out the extension's internals and do commands honour `confirmed`. It is read once, at
 * activation, so nothing that runs later in the same host (another extension setting `process.env`) can open it.
 */
export const TEST_DOOR_ENV = 'AWS_KMS_WORKBENCH_TEST_DOOR';

export function testDoorOpen(env: NodeJS.ProcessEnv): boolean {
  return env[TEST_DOOR_ENV] === '1';
}
