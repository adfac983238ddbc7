import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { armor } from '../../../src/core/armor';
import { detectEnvelope, EnvelopeHeaderError, parseEnvelopeHeader } from '../../../src/core/envelopeHeader';
import { armoredReader, armorGeometry, measureBody } from '../../../src/core/envelopeLayout';
import { esdkMessage, reader, v1Message } from './envelopeMessages';

describe('core/envelopeHeader: header inspection without KMS', () => {
  it('reads suite, context, data keys, framing and where the body starts', async () => {
    const message = await esdkMessage(randomBytes(10_000), {
      context: { purpose: 'test', team: 'ops' },
      frameLength: 4096,
      keys: 2,
    });
    const header = parseEnvelopeHeader(message);
    assert.ok(header);
    assert.equal(header.version, 2);
    assert.equal(header.suite.name, 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384');
    assert.equal(header.encryptionContext.purpose, 'test');
    assert.equal(header.encryptionContext.team, 'ops');
    assert.ok(header.encryptionContext['aws-crypto-public-key'], 'the SDK adds the signing key to the context');
    assert.deepEqual(
      header.encryptedDataKeys.map((edk) => edk.providerId),
      ['test', 'test'],
    );
    assert.equal(header.framed, true);
    assert.equal(header.frameLength, 4096);
    assert.match(header.messageId, /^[0-9a-f]{64}$/);
    // The first regular frame starts right after the header: sequence number 1.
    assert.equal(message.readUInt32BE(header.headerLength), 1);
  });

  it('reads v1 headers (IV in the header authentication) too', async () => {
    const message = await v1Message(randomBytes(5000));
    const header = parseEnvelopeHeader(message);
    assert.equal(header?.version, 1);
    assert.equal(header?.suite.committing, false);
    assert.equal(message.readUInt32BE(header!.headerLength), 1);
  });

  it('Postcondition: every prefix shorter than the header is "incomplete", never an error', async () => {
    const message = await esdkMessage(Buffer.from('x'), { context: { a: 'b' } });
    const { headerLength } = parseEnvelopeHeader(message)!;
    for (let length = 0; length < headerLength; length++) {
      assert.equal(parseEnvelopeHeader(message.subarray(0, length)), undefined, `prefix of ${length} bytes`);
    }
  });

  it('refuses more encrypted data keys than allowed, before reading them', async () => {
    const message = await esdkMessage(Buffer.from('x'), { keys: 3 });
    assert.equal(parseEnvelopeHeader(message, { maxEncryptedDataKeys: 3 })?.encryptedDataKeys.length, 3);
    assert.throws(
      () => parseEnvelopeHeader(message, { maxEncryptedDataKeys: 2 }),
      (error: EnvelopeHeaderError) => error.problem === 'tooManyDataKeys',
    );
  });

  it('calls damaged headers malformed', async () => {
    const message = await esdkMessage(Buffer.from('x'), { context: { a: 'b' } });
    const noKeys = Buffer.from(message);
    const contextLength = noKeys.readUInt16BE(35);
    noKeys.writeUInt16BE(0, 37 + contextLength); // zero encrypted data keys
    assert.throws(
      () => parseEnvelopeHeader(noKeys),
      (error: EnvelopeHeaderError) => error.problem === 'malformed',
    );
    const badContext = Buffer.from(message);
    badContext.writeUInt16BE(contextLength - 1, 35);
    assert.throws(() => parseEnvelopeHeader(badContext), EnvelopeHeaderError);
  });

  it('detects a message only if its header parses: lookalike prefixes are plain files', async () => {
    const message = await esdkMessage(Buffer.from('secret'));
    assert.equal(detectEnvelope(message)?.encoding, 'binary');
    assert.equal(detectEnvelope(armor(message))?.encoding, 'base64');
    assert.equal(
      detectEnvelope(message.subarray(0, 50))?.encoding,
      'binary',
      'a header longer than the prefix still counts',
    );
    const lookalike = Buffer.concat([message.subarray(0, 35), Buffer.from([0, 0, 0, 0]), randomBytes(100)]); // no context, no data keys
    assert.equal(detectEnvelope(lookalike), undefined);
    assert.equal(detectEnvelope(Buffer.from('AgV4 is how our files start, says the README.')), undefined);
  });
});

describe('core/envelopeLayout: body sizes from a few reads', () => {
  const frame = 256;

  for (const signed of [true, false]) {
    it(`measures ${signed ? 'signed' : 'unsigned'} bodies of every shape: empty, partial, exact and multiple frames`, async () => {
      for (const size of [0, 1, frame - 1, frame, frame + 1, 3 * frame, 3 * frame + 17]) {
        const message = await esdkMessage(randomBytes(size), { signed, frameLength: frame });
        const header = parseEnvelopeHeader(message)!;
        const layout = await measureBody(header, message.length, reader(message));
        assert.equal(layout?.plaintextSize, size, `size ${size}`);
        assert.equal(layout?.frames, Math.floor(size / frame) + 1);
        assert.equal(layout?.footerLength > 0, signed);
      }
    });
  }

  it('finds truncated and padded bodies incomplete', async () => {
    const message = await esdkMessage(randomBytes(1000), { frameLength: frame });
    const header = parseEnvelopeHeader(message)!;
    for (const cut of [1, 2, 50, 105, 300, message.length - header.headerLength]) {
      const short = message.subarray(0, message.length - cut);
      assert.equal(await measureBody(header, short.length, reader(short)), undefined, `cut ${cut}`);
    }
    const longer = Buffer.concat([message, Buffer.from([0])]);
    assert.equal(await measureBody(header, longer.length, reader(longer)), undefined);
  });

  it('reads armoured messages positionally: LF and CRLF lines, and a single line', async () => {
    const message = await esdkMessage(randomBytes(5000), { frameLength: frame });
    const header = parseEnvelopeHeader(message)!;
    const variants = [
      armor(message),
      Buffer.from(armor(message).toString('latin1').replace(/\n/g, '\r\n')),
      Buffer.from(message.toString('base64')),
      Buffer.from(`${message.toString('base64')}\n`),
    ];
    for (const text of variants) {
      const geometry = await armorGeometry(text.length, reader(text));
      assert.equal(geometry?.messageSize, message.length);
      const read = armoredReader(geometry!, reader(text));
      assert.deepEqual(Buffer.from(await read(1000, 77)), message.subarray(1000, 1077));
      assert.equal((await measureBody(header, geometry!.messageSize, read))?.plaintextSize, 5000);
    }
  });
});
