import type { OpContext } from '../context';
import { KmsError, limitExceeded, validation } from '../errors';
import { isHmac, isSymmetric, type KeyRecord, type KeySpec } from '../model';
import { str } from '../validate';

/** Alias name rules and per-key alias rules shared by CreateAlias, UpdateAlias and DeleteAlias (kms-api.md §7.7). */

export const MAX_ALIASES_PER_KEY = 50;
const RESERVED_PREFIX = 'alias/aws/';

/** The model's AliasNameType; Coral checks it before the service sees the name. */
export const aliasNameField = () => str({ min: 1, max: 256, pattern: /^[a-zA-Z0-9:/_-]+$/, required: true });

/** The service's own checks on a name that passed the model pattern. */
export function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) {
    throw validation(
      'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
  }
  // AWS-managed aliases belong to AWS; emulators report KMS's answer as a bare NotAuthorizedException (§12.2, unverified).
  if (name.startsWith(RESERVED_PREFIX)) {
    throw new KmsError('NotAuthorizedException');
  }
  // ':' passes the model pattern but is kept out of names, so an alias ARN always splits unambiguously.
  if (name.includes(':')) {
    throw validation(`${name} contains invalid characters for an alias`);
  }
}

export function requireRoomForAlias(ctx: OpContext, key: KeyRecord): void {
  const count = ctx.state.aliases.filter((a) => a.targetKeyId === key.keyId).length;
  if (count >= MAX_ALIASES_PER_KEY) {
    throw limitExceeded(`${key.arn} already has ${MAX_ALIASES_PER_KEY} aliases, the most a KMS key can have.`);
  }
}

type KeyKind = 'symmetric' | 'HMAC' | 'asymmetric';
const kindOf = (spec: KeySpec): KeyKind => (isSymmetric(spec) ? 'symmetric' : isHmac(spec) ? 'HMAC' : 'asymmetric');

/**
 * UpdateAlias may only move an alias between keys of the same kind and key usage, so code using the alias keeps
 * working. The exception name and text are unverified (§12.1).
 */
export function requireSameKind(aliasName: string, current: KeyRecord, next: KeyRecord): void {
  const from = kindOf(current.keySpec);
  const to = kindOf(next.keySpec);
  if (from !== to || current.keyUsage !== next.keyUsage) {
    throw validation(
      `${aliasName} points to a ${from} key with key usage ${current.keyUsage}; it cannot be moved to ${next.arn}, ` +
        `a ${to} key with key usage ${next.keyUsage}.`,
    );
  }
}
