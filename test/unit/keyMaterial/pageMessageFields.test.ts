// Every message type the Key material page can send, each with an extra field, each field missing, each field of
// the wrong type and each string oversized: all refused as InvalidMessageError, the valid one accepted as sent.
// Then 10,000 random messages: each is either refused that way or is exactly a valid protocol message.
import { strict as assert } from 'node:assert';
import { InvalidMessageError, parseWebviewMessage } from '../../../src/keyMaterial/model/pageMessages';
import type { WebviewMessage } from '../../../src/shared/keyMaterialProtocol';
import { validPageMessages } from '../../support/pageMessages';

const MATERIAL_ID = 'a'.repeat(64);

const VALID = validPageMessages(MATERIAL_ID);

/** Fields a message may leave out (the protocol's optional ones). */
const OPTIONAL = new Set(['keyMaterialId', 'validTo']);
const WRONG_TYPES: unknown[] = [null, 42, true, [], {}, 'x'];
const HUGE = 'A'.repeat(1_000_000);

const refused = (message: unknown, why: string): void => {
  assert.throws(
    () => parseWebviewMessage(message),
    InvalidMessageError,
    `${why}: ${JSON.stringify(message).slice(0, 120)}`,
  );
};

/** The message's fields as paths, with the nested `choices` fields too. */
function fieldPaths(message: Record<string, unknown>): string[][] {
  return Object.entries(message).flatMap(([key, value]) =>
    key === 'type'
      ? []
      : value !== null && typeof value === 'object'
        ? [[key], ...Object.keys(value).map((inner) => [key, inner])]
        : [[key]],
  );
}

function withField(message: object, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(message) as Record<string, unknown>;
  const parent = path.length === 2 ? (copy[path[0]] as Record<string, unknown>) : copy;
  const key = path[path.length - 1];
  if (value === undefined) {
    delete parent[key];
  } else {
    parent[key] = value;
  }
  return copy;
}

describe('every Key material page message, field by field', () => {
  for (const [type, message] of Object.entries(VALID)) {
    describe(type, () => {
      it('is accepted exactly as sent', () => {
        assert.deepEqual(parseWebviewMessage(structuredClone(message)), message);
      });

      it('is refused with an extra field, also inside its choices', () => {
        refused({ ...message, extra: 1 }, 'extra field');
        if ('choices' in message) {
          refused(withField(message, ['choices', 'extra'], 1), 'extra choice');
        }
      });

      it('is refused with a required field missing, or any field of the wrong type', () => {
        for (const path of fieldPaths(message as unknown as Record<string, unknown>)) {
          if (!OPTIONAL.has(path[path.length - 1])) {
            refused(withField(message, path, undefined), `missing ${path.join('.')}`);
          }
          const current = path.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], message);
          for (const wrong of WRONG_TYPES.filter((w) => typeof w !== typeof current || w === null)) {
            if (typeof current === 'object' && typeof wrong === 'object' && wrong !== null && !Array.isArray(wrong)) {
              continue; // an empty object in place of choices is "missing fields", checked above
            }
            refused(withField(message, path, wrong), `wrong type at ${path.join('.')}`);
          }
        }
      });

      it('is refused with a string field oversized, or an oversized type', () => {
        for (const path of fieldPaths(message as unknown as Record<string, unknown>)) {
          const current = path.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], message);
          if (typeof current === 'string') {
            refused(withField(message, path, HUGE), `oversized ${path.join('.')}`);
          }
        }
        refused({ ...message, type: `${type}${HUGE}` }, 'oversized type');
      });
    });
  }

  it('refuses what JSON cannot carry: inherited fields, symbol keys, hidden fields, class instances', () => {
    const hidden = { type: 'refresh' };
    Object.defineProperty(hidden, 'extra', { value: 1, enumerable: false });
    for (const message of [
      Object.create({ type: 'refresh' }) as unknown,
      { type: 'refresh', [Symbol('extra')]: 1 },
      hidden,
      new (class Message {
        type = 'refresh';
      })(),
      {
        type: 'import',
        choices: Object.create(VALID.import.type === 'import' ? VALID.import.choices : null) as unknown,
      },
    ]) {
      assert.throws(() => parseWebviewMessage(message), InvalidMessageError);
    }
    assert.deepStrictEqual(parseWebviewMessage(Object.assign(Object.create(null), { type: 'refresh' })), {
      type: 'refresh',
    });
  });

  it('10,000 random messages: each is refused as InvalidMessageError or is exactly a protocol message', () => {
    let seed = 0x2545f491;
    const random = (): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const types = [...Object.keys(VALID), 'state', 'eval', '', '__proto__', 'constructor'];
    const values = (): unknown =>
      pick([
        undefined,
        null,
        random(),
        pick(['RSA_2048', 'RSAES_OAEP_SHA_256', 'NEW_KEY_MATERIAL', MATERIAL_ID, '2027-01-31', '<script>', '']),
        random() < 0.5,
        [],
        { expires: random() < 0.5, importType: 'EXISTING_KEY_MATERIAL', description: '' },
      ]);
    const fields = ['type', 'spec', 'algorithm', 'choices', 'keyMaterialId', 'extra', '__proto__', 'toString'];
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) {
      const message: Record<string, unknown> = random() < 0.9 ? { type: pick(types) } : {};
      for (let n = Math.floor(random() * 4); n > 0; n--) {
        message[pick(fields)] = values();
      }
      let parsed: WebviewMessage;
      try {
        parsed = parseWebviewMessage(random() < 0.02 ? pick([null, 'ready', 7, [message]]) : message);
      } catch (error) {
        assert.ok(error instanceof InvalidMessageError, `case ${i}: ${String(error)}`);
        continue;
      }
      accepted++;
      assert.deepEqual(parseWebviewMessage(structuredClone(parsed)), parsed, `case ${i} round-trips`);
      assert.ok(parsed.type in VALID, `case ${i}: type ${parsed.type}`);
      assert.deepEqual(
        Object.keys(parsed).sort(),
        Object.keys(message)
          .filter((k) => k in parsed)
          .sort(),
      );
    }
    assert.ok(accepted > 0 && accepted < 10_000, `some accepted, most refused (${accepted})`);
  });
});
