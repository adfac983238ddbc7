import { MINIMUM_NODE_MAJOR, unsupportedNodeMessage } from '../../src/core/nodeSupport';

/**
 * The Node binary that tests run the built CLIs on, as a user would: KMS_CLI_NODE when set (`npm test` sets it to
 * the test host's Node 24, `npm run test:cli:oldest` to Node 22), else the Node running the tests, when that
 * is new enough.
 */
export function cliNode(): string {
  const chosen = process.env.KMS_CLI_NODE;
  if (chosen) {
    return chosen;
  }
  if (unsupportedNodeMessage('the CLIs', process.version) === undefined) {
    return process.execPath;
  }
  throw new Error(
    `The CLIs need Node.js ${MINIMUM_NODE_MAJOR} or later, and the tests run on ${process.version}: ` +
      'set KMS_CLI_NODE to a newer node, e.g. KMS_CLI_NODE=$(node test/harness/hostNode.mjs) after npm run test:host-setup',
  );
}
