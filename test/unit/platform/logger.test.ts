import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromProcess } from '@aws-sdk/credential-providers';
import type * as vscode from 'vscode';
import { describeError, KmsExtensionError } from '../../../src/core/errors';
import { Logger } from '../../../src/platform/logger';

/** A LogOutputChannel that keeps what it is given: what the user would read in Output → AWS KMS. */
function recordingChannel(): { channel: vscode.LogOutputChannel; lines: string[] } {
  const lines: string[] = [];
  const keep = (line: string): void => {
    lines.push(line);
  };
  const channel = {
    trace: keep,
    debug: keep,
    info: keep,
    warn: keep,
    error: keep,
  } as unknown as vscode.LogOutputChannel;
  return { channel, lines };
}

const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEHgaCXVzLWVhc3QtMSJHMEUCIQDtq9Zr8xK2vQ3mN7pL0aB4cD6eF8gH1iJ3kL5mN7oP9q';

describe('the log', () => {
  it('never shows the token on the command line of a failing credential_process, wherever the error is logged', async function () {
    this.timeout(20_000);
    const folder = mkdtempSync(join(tmpdir(), 'kms-log-'));
    const script = join(folder, 'leak.js');
    // A real credential_process, given a token on its command line (as some helpers are), that fails: the SDK's
    // error repeats the command line.
    writeFileSync(
      script,
      `console.log(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', SecretAccessKey: '${SECRET_KEY}' }).slice(0, -1)); process.exit(1);`,
    );
    const config = join(folder, 'config');
    writeFileSync(
      config,
      `[profile leak]\ncredential_process = ${process.execPath} ${script} --token ${SESSION_TOKEN}\n`,
    );
    const error = await fromProcess({ profile: 'leak', filepath: config, configFilepath: config })().then(
      () => assert.fail('expected the credential_process to fail'),
      (e: unknown) => e,
    );
    const { channel, lines } = recordingChannel();
    const log = new Logger(channel);
    log.error(
      `connection failed: ${describeError(new KmsExtensionError('CredentialsFailed', 'No credentials', { cause: error }))}`,
      'connections',
    );
    log.warn(`raw: ${String(error)} ${(error as Error).stack ?? ''}`, 'connections');
    assert.ok(lines.length === 2 && lines.every((line) => line.startsWith('[connections] ')), lines.join('\n'));
    for (const line of lines) {
      assert.ok(!line.includes(SESSION_TOKEN), line);
      assert.ok(!line.includes(SECRET_KEY), line);
    }
    assert.ok(String(error).includes(SESSION_TOKEN), 'the planted token is in the SDK error');
  });

  it('scrubs every level the same way: an SDK error with a request body, a token on a command line', () => {
    const { channel, lines } = recordingChannel();
    const log = new Logger(channel);
    const body = '{"KeyId":"alias/demo","Plaintext":"c2VjcmV0LXZhbHVlLW9mLTMyLWJ5dGVz"}';
    log.trace(`request body ${body}`, 'kms');
    log.debug('ran aws sso login --token IQoJb3JpZ2luX2VjEHgaCXVzLWVhc3QtMSJHMEUCIQDtq9Zr8xK2vQ3mN7pL0aB4cD6', 'sso');
    log.info(`token=abc123secret`, 'x');
    assert.deepEqual(lines, [
      '[kms] request body {"KeyId":"alias/demo","Plaintext":"[redacted]"}',
      '[sso] ran aws sso login --token [redacted]',
      '[x] token=[redacted]',
    ]);
  });
});
