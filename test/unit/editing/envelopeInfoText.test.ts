import assert from 'node:assert/strict';
import type { Inspection } from '../../../src/aws/envelope/types';
import { SUITES } from '../../../src/core/envelopeFormat';
import { envelopeInfoMarkdown } from '../../../src/editing/model/envelopeInfoText';

/** The envelope info text: every fact of the header, and nothing a hostile file could turn into a link or command. */

const ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function inspection(context: Record<string, string>, overrides: Partial<Inspection> = {}): Inspection {
  const suite = SUITES.get(0x0578);
  assert.ok(suite);
  return {
    path: '/work/secrets/app.env',
    fileSize: 2_345,
    encoding: 'base64',
    messageSize: 1_700,
    header: {
      version: 2,
      suite,
      messageId: 'ab'.repeat(32),
      encryptionContext: context,
      encryptedDataKeys: [
        { providerId: 'aws-kms', providerInfo: ARN, blob: new Uint8Array(8) },
        { providerId: 'raw-aes', providerInfo: 'my-wrapping-key', blob: new Uint8Array(8) },
      ],
      framed: true,
      frameLength: 1_048_576,
      headerLength: 600,
    },
    body: { plaintextSize: 1_000, frames: 1, footerLength: 105 },
    ...overrides,
  };
}

describe('envelope info text', () => {
  it('names the suite, wrapping keys, context, frame length and sizes', () => {
    const text = envelopeInfoMarkdown(inspection({ team: 'payments', 'aws-crypto-public-key': 'AAAA' }));
    assert.match(text, /^# app\.env\n/);
    assert.match(text, /stored as base64 armour/);
    assert.match(
      text,
      /\*\*Algorithm suite:\*\* `ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384` \(key commitment, ECDSA signature\)/,
    );
    assert.match(text, /\*\*Frame length:\*\* 1\.0 MiB \(1048576 B\), 1 frame\n/);
    assert.match(text, /file 2\.3 KiB \(2345 B\), message 1\.7 KiB \(1700 B\), plaintext 1000 B, header 600 B/);
    assert.ok(text.includes(`- \`${ARN}\``));
    assert.match(text, /- raw-aes: `my-wrapping-key` \(not a KMS key\)/);
    assert.match(text, /\| team \| payments \|/);
    assert.doesNotMatch(text, /\| aws-crypto-public-key/, 'the signing key is described, not listed as caller context');
    assert.match(text, /no KMS call was made/);
  });

  it('says so when there is no context, or the body cannot be measured', () => {
    const text = envelopeInfoMarkdown(inspection({}, { body: undefined }), { title: false });
    assert.match(text, /\*\*Encryption context:\*\* none\./);
    assert.match(text, /plaintext unknown/);
    assert.doesNotMatch(text, /^# /);
  });

  it('escapes context that tries to inject links, commands, HTML or table cells', () => {
    const text = envelopeInfoMarkdown(
      inspection({ '[x](command:workbench.action.terminal.new)': '<img src=x onerror=alert(1)>|cell\n# heading' }),
    );
    assert.doesNotMatch(text, /\]\(command:/);
    assert.doesNotMatch(text, /(^|[^\\])<img/);
    assert.ok(text.includes('\\<img src=x onerror=alert\\(1\\)\\>\\|cell \\# heading'));
  });
});
