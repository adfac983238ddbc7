// Entry point VS Code's extension host loads as extensionTestsPath (and the --installed driver loads the same
// way): it calls run() inside the real extension host, where `vscode` is the real API, and treats a
// rejection as failure. The suites are the *.test.js files that buildTests.mjs compiled beside this file.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { captureConsole } from './captureConsole';

interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Writes the results the runner cross-checks and prints its "N passed, N failed" line from. */
function writeResults(file: string | undefined, results: TestResult[]): void {
  if (!file) {
    return;
  }
  const passed = results.filter((r) => r.state === 'passed').length;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ passed, failed: results.length - passed, tests: results }, null, 2));
}

export async function run(): Promise<void> {
  captureConsole(process.env.AWS_KMS_TEST_LOG);
  // Mocha's reporters print through Base.consoleLog, bound to console.log when mocha loaded, i.e. before
  // the capture: look console.log up at call time instead.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(...args);
  // color off: the output is read as plain text (the runner's stdout, CI logs), not in a terminal.
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 20_000 });
  const grep = process.env.AWS_KMS_TEST_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  const files = findTestFiles(__dirname);
  if (files.length === 0) {
    // A suite that ran nothing must not look green.
    throw new Error(`no *.test.js files under ${__dirname}; run test/harness/buildTests.mjs`);
  }
  files.forEach((f) => mocha.addFile(f));

  const results: TestResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: unknown) =>
      results.push({
        title: t.fullTitle(),
        state: 'failed',
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
    );
  });
  writeResults(process.env.AWS_KMS_TEST_RESULTS, results);
  if (failures > 0) {
    throw new Error(`${failures} integration test(s) failed`);
  }
}
