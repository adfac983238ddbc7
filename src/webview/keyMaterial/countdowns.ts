import type { PageState } from '../../shared/keyMaterialProtocol';
import { dateText, expiresInText, tokenCountdown } from '../../shared/timeTexts';

/** "Dec 8, 2026, 11:59 PM UTC (expires in 21 days)": the date in the display language, the days as the Keys tree counts them. */
export function materialExpiry(s: PageState, validTo: number): string {
  return `${dateText(validTo, s.locale)} (${expiresInText(validTo, Date.now(), s.expiryWords)})`;
}

/**
 * Brings every countdown on the page (elements with `data-until`) to the present. True when an import token has
 * lapsed since the last time: the page must render again to offer new parameters.
 */
export function updateCountdowns(root: ParentNode, s: PageState): boolean {
  let lapsed = false;
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-until]'))) {
    const until = Number(el.dataset.until);
    if (el.dataset.format === 'token') {
      const now = Date.now();
      const text = tokenCountdown(until, now);
      if (until <= now && el.textContent !== text) {
        lapsed = true;
      }
      el.textContent = text;
    } else {
      el.textContent = materialExpiry(s, until);
    }
  }
  return lapsed;
}
