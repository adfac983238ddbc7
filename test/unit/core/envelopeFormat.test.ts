import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AlgorithmSuiteIdentifier } from '@aws-crypto/client-node';
import { armor } from '../../../src/core/armor';
import { ENCRYPT_SUITES, sniffEnvelope, SUITES } from '../../../src/core/envelopeFormat';
import { isText, TextDetector } from '../../../src/core/textContent';
import { esdkMessage, v1Message } from './envelopeMessages';

describe('core/envelopeFormat: detection by content', () => {
  it('knows every ESDK algorithm suite by the id and name the ESDK uses', () => {
    for (const info of SUITES.values()) {
      assert.equal(AlgorithmSuiteIdentifier[info.name], info.id, info.name);
    }
    assert.equal(SUITES.size, Object.values(AlgorithmSuiteIdentifier).filter((v) => typeof v === 'number').length);
    assert.deepEqual(
      ENCRYPT_SUITES.map((name) => SUITES.get(AlgorithmSuiteIdentifier[name])?.committing),
      [true, true],
    );
  });

  it('recognises v2 messages raw (0x02 0x0578 / 0x0478) and armoured ("AgV4" / "AgR4")', async () => {
    for (const signed of [true, false]) {
      const message = await esdkMessage(Buffer.from('hello'), { signed });
      assert.deepEqual([...message.subarray(0, 3)], [0x02, signed ? 0x05 : 0x04, 0x78]);
      assert.equal(sniffEnvelope(message)?.encoding, 'binary');
      assert.equal(sniffEnvelope(message)?.suite.signed, signed);
      const armoured = armor(message);
      assert.equal(armoured.subarray(0, 4).toString(), signed ? 'AgV4' : 'AgR4');
      assert.deepEqual(sniffEnvelope(armoured), {
        encoding: 'base64',
        version: 2,
        suite: sniffEnvelope(message)?.suite,
      });
    }
  });

  it('recognises v1 messages (0x01 0x80 + suite id), raw and armoured', async () => {
    const message = await v1Message(Buffer.from('legacy'));
    assert.equal(sniffEnvelope(message)?.version, 1);
    assert.equal(sniffEnvelope(message)?.suite.name, 'ALG_AES256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384');
    assert.equal(sniffEnvelope(armor(message))?.encoding, 'base64');
  });

  it('does not take text, random bytes or near misses for a message', () => {
    const misses = [
      Buffer.from('hello world, this is text'),
      Buffer.from(' AgV4AAAAAAAAAAAAAAAA'), // armour must start at the first byte
      Buffer.from('AgV4'), // too short to hold a suite id in base64
      Buffer.from([0x02, 0x05, 0x79, 0, 0, 0, 0, 0]), // unknown suite
      Buffer.from([0x02, 0x00, 0x78, 0, 0, 0, 0, 0]), // a v1 suite id under version 2
      Buffer.from([0x01, 0x80, 0x05, 0x78, 0, 0, 0, 0]), // a v2 suite id under version 1
      Buffer.from([0x01, 0x00, 0x00, 0x78, 0, 0, 0, 0]), // v1 without the 0x80 type byte
      Buffer.alloc(0),
    ];
    for (const bytes of misses) {
      assert.equal(sniffEnvelope(bytes), undefined, bytes.toString('hex'));
    }
    let lookalikes = 0;
    for (let i = 0; i < 2000; i++) {
      if (sniffEnvelope(randomBytes(16))) {
        lookalikes++;
      }
    }
    assert.ok(lookalikes <= 2, `${lookalikes} random buffers looked like messages`);
  });
});

describe('core/textContent: armour auto', () => {
  it('calls ASCII and UTF-8 text text, and NUL bytes or invalid UTF-8 binary', () => {
    assert.equal(isText(Buffer.from('plain ASCII\n')), true);
    assert.equal(isText(Buffer.from('Grüße, 世界, 🙂')), true);
    assert.equal(isText(Buffer.alloc(0)), true);
    assert.equal(isText(Buffer.from('a\u0000b')), false);
    assert.equal(isText(Buffer.from([0x61, 0xff, 0x62])), false);
    assert.equal(isText(Buffer.from([0xe4, 0xb8])), false); // a character cut short at the end
  });

  it('follows a multi-byte character across chunks, byte by byte', () => {
    const text = Buffer.from('a🙂b世c');
    const detector = new TextDetector();
    for (const byte of text) {
      detector.update(Buffer.from([byte]));
    }
    assert.equal(detector.finish(), true);
  });

  it('stays binary once binary, and says so before the end', () => {
    const detector = new TextDetector();
    detector.update(Buffer.from('text first '));
    assert.equal(detector.isText, true);
    detector.update(Buffer.from([0]));
    assert.equal(detector.isText, false);
    detector.update(Buffer.from('more text'));
    assert.equal(detector.finish(), false);
  });
});
