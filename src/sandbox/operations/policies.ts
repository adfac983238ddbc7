import { mutation, query, type OpContext, type OperationTable } from '../context';
import { notFound, unsupported } from '../errors';
import { resolveKey } from '../identifiers';
import { page } from '../paging';
import { bool, common, parseInput } from '../validate';
import { listOutput } from './shapes';
import { checkPolicy, DEFAULT_POLICY_NAME, policyField, policyNameField } from './policyRules';

/** GetKeyPolicy, PutKeyPolicy and ListKeyPolicies (kms-api.md §7.9): one policy per key, "default", allowed in every key state. */

const getKeyPolicyInput = { KeyId: common.keyId(), PolicyName: policyNameField() };

function getKeyPolicy(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, getKeyPolicyInput);
  const key = resolveKey(ctx, input.KeyId, { allowAlias: false });
  if ((input.PolicyName ?? DEFAULT_POLICY_NAME) !== DEFAULT_POLICY_NAME) {
    throw notFound('No such policy exists');
  }
  return { Policy: key.policy, PolicyName: DEFAULT_POLICY_NAME };
}

const putKeyPolicyInput = {
  KeyId: common.keyId(),
  PolicyName: policyNameField(),
  Policy: policyField(true),
  BypassPolicyLockoutSafetyCheck: bool(),
};

function putKeyPolicy(ctx: OpContext, body: unknown): undefined {
  const input = parseInput(body, putKeyPolicyInput);
  const key = resolveKey(ctx, input.KeyId, { allowAlias: false });
  if ((input.PolicyName ?? DEFAULT_POLICY_NAME) !== DEFAULT_POLICY_NAME) {
    throw unsupported(`A key has only one policy, named "${DEFAULT_POLICY_NAME}".`);
  }
  checkPolicy(input.Policy);
  key.policy = input.Policy;
  return undefined;
}

const listKeyPoliciesInput = { KeyId: common.keyId(), Limit: common.limit(), Marker: common.marker() };

function listKeyPolicies(ctx: OpContext, body: unknown): object {
  const input = parseInput(body, listKeyPoliciesInput);
  resolveKey(ctx, input.KeyId, { allowAlias: false });
  const result = page([DEFAULT_POLICY_NAME], input, { defaultLimit: 100, maxLimit: 1000, sortKey: (name) => name });
  return listOutput('PolicyNames', result.items, result);
}

export const policyOperations: OperationTable = {
  GetKeyPolicy: query(getKeyPolicy),
  PutKeyPolicy: mutation(putKeyPolicy),
  ListKeyPolicies: query(listKeyPolicies),
};
