/**
 * Removes secrets from values before they are logged: plaintext, data keys, key material, import tokens and
 * credentials never reach the log (DESIGN.md §5).
 */
const SECRET_FIELDS = new Set([
  'plaintext',
  'privatekeyplaintext',
  'keymaterial',
  'material',
  'importtoken',
  'encryptedkeymaterial',
  'secretaccesskey',
  'sessiontoken',
  'accesskeyid',
  'password',
  'token',
  'authorization',
  'x-amz-security-token',
]);

export const REDACTED = '[redacted]';

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) {
    return '[…]';
  }
  if (value instanceof Uint8Array) {
    return `<${value.byteLength} bytes>`;
  }
  if (Array.isArray(value)) {
    return value.map((v) => redact(v, depth + 1));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_FIELDS.has(k.toLowerCase()) ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}
