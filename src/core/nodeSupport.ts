/**
 * The oldest Node.js the command-line tools run on: package.json's engines.node (a unit test keeps the two
 * equal). The AWS SDK releases after the first week of January 2027 need Node 22, and VS Code's extension host
 * runs Node 22 from VS Code 1.101 on, so older Node is neither tested nor supported.
 */
export const MINIMUM_NODE_MAJOR = 22;

/** Why `program` cannot run on Node `version` (e.g. "v20.20.2"), with the next step; undefined when it can. */
export function unsupportedNodeMessage(program: string, version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= MINIMUM_NODE_MAJOR) {
    return undefined;
  }
  return (
    `${program} needs Node.js ${MINIMUM_NODE_MAJOR} or later, and this is Node.js ${version}. ` +
    `Install Node.js ${MINIMUM_NODE_MAJOR} or later (an LTS release), then run it again.`
  );
}
