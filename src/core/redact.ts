/**
 * Removes secrets from text before it is logged or shown: plaintext, data keys, key material, import tokens and
 * credentials never reach the log (DESIGN.md §5). Every log line passes through scrubSecrets (platform/logger.ts),
 * so an error chain that carries a secret — a credential_process's output, a command line with a token, an SDK
 * error with a request body — is caught wherever it is logged.
 */

export const REDACTED = '[redacted]';

/**
 * Fields whose values are secrets, as SDK requests, JSON bodies, shared config files, env and query strings write
 * them: `"Plaintext": "…"`, `aws_session_token = …`, `?X-Amz-Security-Token=…`, `SessionToken: '…'`. A colon counts
 * only beside a quote, so prose such as "the import token: it expired" stays as it is.
 */
const SECRET_FIELD = new RegExp(
  String.raw`\b(Plaintext|PrivateKeyPlaintext|CiphertextBlob|ImportToken|EncryptedKeyMaterial|KeyMaterial|` +
    String.raw`SecretAccessKey|SessionToken|aws_secret_access_key|aws_session_token|password|token|X-Amz-Security-Token)` +
    String.raw`(\s*=\s*["']?|["']\s*:\s*["']?|\s*:\s*["'])([^\s"',;}&]+)`,
  'gi',
);

/** The rules, in order: each names what it finds and replaces it with REDACTED (access key ids keep 6 characters). */
const RULES: ReadonlyArray<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  // Bytes as Node prints them (a Plaintext or a data key inside an inspected object).
  [/<Buffer [0-9a-f ]+(?: \.\.\. \d+ more bytes)?>/g, `<Buffer ${REDACTED}>`],
  [SECRET_FIELD, (_m, field: string, separator: string) => `${field}${separator}${REDACTED}`],
  // Credentials in a URL: https://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi, `$1${REDACTED}@`],
  // SigV4 signatures and bearer tokens.
  [/\bSignature=[0-9a-f]{64}\b/g, `Signature=${REDACTED}`],
  [/\bBearer\s+[A-Za-z0-9._~+/-]+=*/g, `Bearer ${REDACTED}`],
  // Access key ids: the prefix says which kind, the rest is the identity.
  [/\b((?:AKIA|ASIA)[A-Z0-9]{2})[A-Z0-9]{10,}\b/g, '$1…'],
  // Secret keys, session tokens and base64 key-length blobs (a 32-byte key is 44 characters): long runs of the
  // base64 alphabet mixing upper case, lower case and digits, which names, ids, ARNs and paths do not.
  [
    /[A-Za-z0-9/+]{40,}={0,2}/g,
    (match: string) => (/[a-z]/.test(match) && /[A-Z]/.test(match) && /\d/.test(match) ? REDACTED : match),
  ],
];

/** The text with every secret-shaped value replaced by REDACTED. */
export function scrubSecrets(text: string): string {
  return RULES.reduce(
    (scrubbed, [pattern, replacement]) =>
      scrubbed.replace(pattern, replacement as (substring: string, ...args: string[]) => string),
    text,
  );
}
