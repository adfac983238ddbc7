import assert from 'node:assert/strict';
import { GetKeyPolicyCommand, ListKeyPoliciesCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { createKey, expectKmsError } from './keyFixtures';
import { expectMissingMember, useSandbox } from './support';

const policyWith = (sid: string, padTo = 0): string => {
  const base = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sid,
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:root' },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
  const json = JSON.stringify(base);
  // Pads with spaces (valid JSON whitespace) up to an exact byte size.
  return padTo > json.length ? json + ' '.repeat(padTo - json.length) : json;
};

describe('sandbox key policies: GetKeyPolicy, PutKeyPolicy, ListKeyPolicies', () => {
  const fx = useSandbox();

  const getPolicy = async (KeyId: string): Promise<string | undefined> =>
    (await fx.kms.send(new GetKeyPolicyCommand({ KeyId }))).Policy;
  const put = async (KeyId: string, Policy: string, PolicyName?: string): Promise<unknown> =>
    fx.kms.send(new PutKeyPolicyCommand({ KeyId, Policy, PolicyName }));

  it('gives a new key the pretty-printed default policy, named "default"', async () => {
    const key = await createKey(fx.kms);
    const out = await fx.kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }));
    assert.equal(out.PolicyName, 'default');
    assert.deepEqual(JSON.parse(out.Policy ?? ''), {
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
    assert.match(out.Policy ?? '', /^\{\n {2}"Version" : "2012-10-17",\n/);
  });

  it('stores the policy given to CreateKey and to PutKeyPolicy verbatim', async () => {
    const key = await createKey(fx.kms, { Policy: policyWith('from-create') });
    assert.equal(await getPolicy(key.Arn), policyWith('from-create'));
    await put(key.KeyId, policyWith('from-put'));
    assert.equal(await getPolicy(key.KeyId), policyWith('from-put'));
    await put(key.KeyId, policyWith('named'), 'default');
    assert.equal(await getPolicy(key.KeyId), policyWith('named'));
  });

  it('accepts a policy of exactly 32 KB and refuses one byte more, changing nothing', async () => {
    const key = await createKey(fx.kms);
    await put(key.KeyId, policyWith('max', 32_768));
    await expectKmsError(
      async () => put(key.KeyId, policyWith('over', 32_769)),
      'LimitExceededException',
      'Policy document exceeds the maximum size of 32768 bytes.',
    );
    await expectKmsError(
      async () => createKey(fx.kms, { Policy: policyWith('over', 32_769) }),
      'LimitExceededException',
    );
    assert.equal(await getPolicy(key.KeyId), policyWith('max', 32_768));
  });

  it('refuses documents that are not a JSON object or name no principal', async () => {
    const key = await createKey(fx.kms, { Policy: policyWith('kept') });
    await expectKmsError(
      async () => put(key.KeyId, '{not json'),
      'MalformedPolicyDocumentException',
      'The policy is not valid JSON.',
    );
    for (const notObject of ['null', '[]', '"text"', '42']) {
      await expectKmsError(
        async () => put(key.KeyId, notObject),
        'MalformedPolicyDocumentException',
        'The policy must be a JSON object.',
      );
    }
    const lockout = 'The new key policy will not allow you to update the key policy in the future.';
    await expectKmsError(
      async () => put(key.KeyId, '{"Version":"2012-10-17","Statement":[]}'),
      'MalformedPolicyDocumentException',
      lockout,
    );
    await expectKmsError(
      async () => put(key.KeyId, '{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}'),
      'MalformedPolicyDocumentException',
      lockout,
    );
    await expectKmsError(async () => createKey(fx.kms, { Policy: '{oops' }), 'MalformedPolicyDocumentException');
    assert.equal(await getPolicy(key.KeyId), policyWith('kept'));
  });

  it('accepts a statement with NotPrincipal and a single statement object', async () => {
    const key = await createKey(fx.kms);
    const single =
      '{"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}}';
    await put(key.KeyId, single);
    assert.equal(await getPolicy(key.KeyId), single);
  });

  it('checks policy characters and the policy name pattern the Coral way', async () => {
    const key = await createKey(fx.kms);
    await expectKmsError(
      async () => put(key.KeyId, '{"a":"\u0001"}'),
      'ValidationException',
      /^1 validation error detected: Value '.*' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: /s,
    );
    await expectKmsError(
      async () => put(key.KeyId, '{"a":"\u20ac"}'),
      'ValidationException',
      /at 'policy' failed to satisfy constraint/,
    );
    await expectKmsError(
      async () => fx.kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'bad-name' })),
      'ValidationException',
      "1 validation error detected: Value 'bad-name' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\w]+$",
    );
    await expectMissingMember(
      async () => fx.kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId } as never)),
      'policy',
    );
  });

  it('knows no policy but "default"', async () => {
    const key = await createKey(fx.kms);
    await expectKmsError(
      async () => fx.kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'other' })),
      'NotFoundException',
      'No such policy exists',
    );
    await expectKmsError(
      async () => put(key.KeyId, policyWith('x'), 'other'),
      'UnsupportedOperationException',
      'A key has only one policy, named "default".',
    );
  });

  it('lists the one policy name', async () => {
    const key = await createKey(fx.kms);
    const out = await fx.kms.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId }));
    assert.deepEqual(out.PolicyNames, ['default']);
    assert.equal(out.Truncated, false);
    assert.equal(out.NextMarker, undefined);
  });

  it('takes a key id or ARN only', async () => {
    await expectKmsError(async () => getPolicy('alias/p'), 'NotFoundException', "Invalid keyId 'alias/p'");
    await expectKmsError(
      async () => fx.kms.send(new ListKeyPoliciesCommand({ KeyId: 'alias/p' })),
      'NotFoundException',
      "Invalid keyId 'alias/p'",
    );
  });
});
