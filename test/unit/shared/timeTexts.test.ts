import assert from 'node:assert/strict';
import { DAY_MS, dateText, expiresInText, tokenCountdown } from '../../../src/shared/timeTexts';

const NOW = Date.parse('2026-11-17T15:40:00Z');
const words = { expired: 'expired', oneDay: 'expires in 1 day', days: 'expires in {0} days' };

describe('remaining times and dates (shared by the Keys tree and the Key material page)', () => {
  it('counts whole days left, rounded up, as the Keys tree does: 20 days and 8 hours are "expires in 21 days"', () => {
    assert.equal(expiresInText(NOW + 20 * DAY_MS + 8 * 3_600_000, NOW, words), 'expires in 21 days');
    assert.equal(expiresInText(NOW + 2 * DAY_MS, NOW, words), 'expires in 2 days');
    assert.equal(expiresInText(NOW + 3_600_000, NOW, words), 'expires in 1 day');
    assert.equal(expiresInText(NOW, NOW, words), 'expired');
    assert.equal(
      expiresInText(NOW + 5 * DAY_MS, NOW, { ...words, days: 'läuft in {0} Tagen ab' }),
      'läuft in 5 Tagen ab',
    );
  });

  it('says the import token "expires in" hh:mm:ss, then "expired"', () => {
    assert.equal(tokenCountdown(NOW + DAY_MS - 4000, NOW), 'expires in 23:59:56');
    assert.equal(tokenCountdown(NOW + 61_000, NOW), 'expires in 00:01:01');
    assert.equal(tokenCountdown(NOW, NOW), 'expired');
  });

  it("writes dates in the display language's format, in UTC", () => {
    const when = Date.parse('2026-12-08T23:59:59Z');
    assert.equal(dateText(when, 'en'), 'Dec 8, 2026, 11:59 PM UTC');
    assert.equal(dateText(when, 'de'), '8. Dez. 2026, 23:59 UTC');
    assert.equal(dateText(when, 'ja'), '2026年12月8日 23:59 UTC');
    assert.match(dateText(when, 'not a locale!'), /2026/, 'a locale Intl refuses falls back to the default');
  });
});
