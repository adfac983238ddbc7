import { KmsError, limitExceeded } from '../errors';
import { str } from '../validate';

/** Key policy rules (kms-api.md §7.9): stored, size- and shape-checked, never evaluated. */

export const MAX_POLICY_BYTES = 32_768;
export const DEFAULT_POLICY_NAME = 'default';

/** The model's PolicyType: 1–131072 characters of tab, LF, CR and U+0020–U+00FF. The 32 KB quota is checked after. */
export const policyField = <const R extends boolean = false>(required?: R) =>
  // eslint-disable-next-line no-control-regex -- tab, LF and CR are exactly the control characters a policy may hold
  str({ min: 1, max: 131072, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, required: (required ?? false) as R });

export const policyNameField = () => str({ min: 1, max: 128, pattern: /^[\w]+$/ });

export function defaultPolicy(accountId: string): string {
  return (
    `{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n    "Sid" : "Enable IAM User Permissions",\n` +
    `    "Effect" : "Allow",\n    "Principal" : {\n      "AWS" : "arn:aws:iam::${accountId}:root"\n    },\n` +
    `    "Action" : "kms:*",\n    "Resource" : "*"\n  } ]\n}`
  );
}

const malformed = (message: string): KmsError => new KmsError('MalformedPolicyDocumentException', message);

export function checkPolicy(policy: string): void {
  if (Buffer.byteLength(policy, 'utf8') > MAX_POLICY_BYTES) {
    throw limitExceeded(`Policy document exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    throw malformed('The policy is not valid JSON.');
  }
  if (!isObject(document)) {
    throw malformed('The policy must be a JSON object.');
  }
  const statements = document.Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  // A key policy with no statement naming a principal would lock everyone out of the key.
  if (list.length === 0 || list.some((s) => !isObject(s) || !('Principal' in s || 'NotPrincipal' in s))) {
    throw malformed('The new key policy will not allow you to update the key policy in the future.');
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
