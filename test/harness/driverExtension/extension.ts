// Test-only extension used by `runIntegration.mjs --installed|--vsix` (approach B). The payload route
// (approach A) can only load the extension in development mode; to test the *installed* extension, this
// driver is installed next to it and runs the same extensionTestsPath contract with public API only:
// require(entry).run(), then writes {exitCode, error} to a file the runner polls.
import * as fs from 'fs';

interface TestsEntry {
  run(): Promise<void>;
}

async function runTests(entry: string, resultFile: string): Promise<void> {
  let result: { exitCode: number; error?: string } = { exitCode: 0 };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- path known only at run time; VS Code loads extensionTestsPath the same way
    const tests = require(entry) as TestsEntry;
    await tests.run();
  } catch (err) {
    result = { exitCode: 1, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  // Write then rename, so the polling runner never reads half a file.
  fs.writeFileSync(`${resultFile}.tmp`, JSON.stringify(result));
  fs.renameSync(`${resultFile}.tmp`, resultFile);
}

export function activate(): void {
  const entry = process.env.TEST_DRIVER_ENTRY;
  const resultFile = process.env.TEST_DRIVER_RESULT;
  if (entry && resultFile) {
    void runTests(entry, resultFile); // not awaited: activation must not wait for the whole suite
  }
}

export function deactivate(): void {
  // Nothing to release: the runner stops the whole server when the result file appears.
}
