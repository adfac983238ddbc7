/**
 * Remaining times and dates as the Keys tree and the Key material page word them, so both say the same: pure, for the
 * extension host and the webview alike. The expiry's words come in from the caller (the Keys tree's own, which the
 * page's state carries too); the token's countdown translates with @vscode/l10n, configured on both sides.
 */
import * as l10n from '@vscode/l10n';

export const DAY_MS = 86_400_000;

/** Whole days left, rounded up: 0 once the moment has passed. */
export function daysUntil(when: number, now: number): number {
  return Math.max(0, Math.ceil((when - now) / DAY_MS));
}

/** The localised words of an expiry; `days` holds `{0}` for the number of days. */
export interface ExpiryWords {
  expired: string;
  oneDay: string;
  days: string;
}

/** "expires in 21 days" (whole days, rounded up), "expires in 1 day", "expired": the remaining time of key material. */
export function expiresInText(validTo: number, now: number, words: ExpiryWords): string {
  const days = daysUntil(validTo, now);
  if (days === 0) {
    return words.expired;
  }
  return days === 1 ? words.oneDay : words.days.replace('{0}', String(days));
}

/** "expires in 23:59:56" or "expired": the import token's countdown, to the second. */
export function tokenCountdown(until: number, now: number): string {
  const ms = until - now;
  if (ms <= 0) {
    return l10n.t('expired');
  }
  const s = Math.floor(ms / 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return l10n.t('expires in {0}', `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`);
}

/**
 * A moment in the display language's format, in UTC as KMS states expiries ("Dec 8, 2026, 11:59 PM UTC" in English,
 * "8. Dez. 2026, 23:59 UTC" in German). A locale Intl does not know falls back to the runtime's default.
 */
export function dateText(when: number, locale: string): string {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(locale, options).format(when);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(when);
  }
}
