import { isObject, stringList, type Statement } from './policyDocument';

/**
 * Does a key policy still let these principals call kms:PutKeyPolicy? KMS runs its own check on PutKeyPolicy (the
 * "policy lockout safety check", skipped only with BypassPolicyLockoutSafetyCheck, which this extension never sets);
 * this one warns before the request, and names the account root, which KMS's check does not protect.
 *
 * Deliberately simple, like a reader of the policy: an Allow statement with no Condition whose principal names the
 * principal (or "*") and whose actions cover kms:PutKeyPolicy, not overridden by such a Deny. IAM policies of the
 * account can still grant the root's users access only while the root is allowed in the key policy.
 */

export const PUT_KEY_POLICY = 'kms:PutKeyPolicy';

/** The principals a policy must keep: the account root and, when known, the caller. */
export interface Manager {
  /** ARN as the policy would name it, e.g. arn:aws:iam::111122223333:root. */
  arn: string;
  /** The account id, which a policy may name instead of the root ARN. */
  accountId?: string;
}

/** The account root of the account that owns `keyArn` (arn:<partition>:kms:<region>:<account>:key/<id>). */
export function accountRootOf(keyArn: string): Manager | undefined {
  const [, partition, , , accountId] = keyArn.split(':');
  return partition && accountId ? { arn: `arn:${partition}:iam::${accountId}:root`, accountId } : undefined;
}

/** The managers among `managers` that `statements` no longer allow to call PutKeyPolicy. */
export function lockedOut(statements: Statement[], managers: Manager[]): Manager[] {
  return managers.filter((manager) => !canPutKeyPolicy(statements, manager));
}

export function canPutKeyPolicy(statements: Statement[], manager: Manager): boolean {
  const applies = (s: Statement): boolean =>
    s.Condition === undefined && coversAction(s) && coversResource(s) && namesPrincipal(s, manager);
  const allowed = statements.some((s) => s.Effect === 'Allow' && applies(s));
  const denied = statements.some((s) => s.Effect === 'Deny' && applies(s));
  return allowed && !denied;
}

function coversAction(s: Statement): boolean {
  if (s.Action !== undefined) {
    return stringList(s.Action).some((pattern) => matches(pattern, PUT_KEY_POLICY));
  }
  return s.NotAction !== undefined && !stringList(s.NotAction).some((pattern) => matches(pattern, PUT_KEY_POLICY));
}

/** In a key policy Resource is "*" (this key); a NotResource statement is read as not covering it. */
function coversResource(s: Statement): boolean {
  return s.NotResource === undefined;
}

function namesPrincipal(s: Statement, manager: Manager): boolean {
  if (s.Principal !== undefined) {
    return principalValues(s.Principal).some((value) => isManager(value, manager));
  }
  return s.NotPrincipal !== undefined && !principalValues(s.NotPrincipal).some((value) => isManager(value, manager));
}

function principalValues(principal: unknown): string[] {
  if (principal === '*') {
    return ['*'];
  }
  return isObject(principal) ? stringList(principal.AWS) : [];
}

function isManager(value: string, manager: Manager): boolean {
  return value === '*' || value === manager.arn || (manager.accountId !== undefined && value === manager.accountId);
}

/** IAM action patterns: case-insensitive, `*` any run of characters, `?` one. */
export function matches(pattern: string, action: string): boolean {
  const regex = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${regex}$`, 'i').test(action);
}
