import { KmsError } from '../errors';

/** Key policy rules (kms-api.md §7.9): stored, size- and shape-checked, never evaluated. */

export const MAX_POLICY_BYTES = 32_768;

export function defaultPolicy(accountId: string): string {
  return `{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n    "Sid" : "Enable IAM User Permissions",\n` +
    `    "Effect" : "Allow",\n    "Principal" : {\n      "AWS" : "arn:aws:iam::${accountId}:root"\n    },\n` +
    `    "Action" : "kms:*",\n    "Resource" : "*"\n  } ]\n}`;
}

const malformed = (message: string): KmsError => new KmsError('MalformedPolicyDocumentException', message);

export function checkPolicy(policy: string): void {
  if (Buffer.byteLength(policy, 'utf8') > MAX_POLICY_BYTES) {
    throw new KmsError('LimitExceededException', `Policy document exceeds the maximum size of ${MAX_POLICY_BYTES} bytes.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    throw malformed('The policy is not valid JSON.');
  }
  const statements = (document as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  if (list.length === 0 || list.some((s) => typeof s !== 'object' || s === null || !('Principal' in s))) {
    throw malformed('The new key policy will not allow you to update the key policy in the future.');
  }
}
