import assert from 'node:assert/strict';
import { jsonErrorOffset, parsePolicy, prettyPolicy } from '../../../src/policy/model/policyDocument';
import { hasChanges, statementChanges } from '../../../src/policy/model/statementChanges';
import { accountRootOf, lockedOut, matches } from '../../../src/policy/model/lockout';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROOT = { arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' };

const allow = (principal: unknown, action: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: action,
  Resource: '*',
  ...extra,
});

function parsed(document: unknown) {
  const result = parsePolicy(JSON.stringify(document));
  assert.ok(result.ok);
  return result;
}

describe('key policy documents', () => {
  it('parses a policy whose Statement is a single object as one statement', () => {
    const result = parsed({ Version: '2012-10-17', Statement: allow('*', 'kms:*') });
    assert.equal(result.statements.length, 1);
  });

  it('reports invalid JSON with the offset of the problem', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [ }\n}';
    const result = parsePolicy(text);
    assert.ok(!result.ok);
    assert.equal(text[result.offset], '}');
    assert.match(result.message, /not valid JSON \(line 3, column 18\)/);
  });

  it('puts the problem of a truncated document at its end', () => {
    const result = parsePolicy('{"Version": "2012-10-17"');
    assert.ok(!result.ok);
    assert.equal(result.offset, '{"Version": "2012-10-17"'.length);
  });

  it('refuses a JSON value that is not an object', () => {
    assert.equal(parsePolicy('[]').ok, false);
  });

  it('pretty-prints with two spaces and keeps a text that is not JSON as it is', () => {
    assert.equal(prettyPolicy('{"a":1}'), '{\n  "a": 1\n}\n');
    assert.equal(prettyPolicy('{oops'), '{oops');
  });
});

describe('statement changes', () => {
  const before = parsed({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Root', ...allow({ AWS: ROOT.arn }, 'kms:*') },
      { Sid: 'Users', ...allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, ['kms:Decrypt']) },
      allow('*', 'kms:DescribeKey'),
    ],
  });

  it('names added, removed and changed statements by Sid, and statements without one by position', () => {
    const after = parsed({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Root', ...allow({ AWS: ROOT.arn }, 'kms:*') },
        { Sid: 'Admins', ...allow({ AWS: 'arn:aws:iam::111122223333:role/Admin' }, 'kms:Create*') },
        allow('*', 'kms:GetPublicKey'),
      ],
    });
    assert.deepEqual(statementChanges(before, after), {
      added: ['Admins'],
      removed: ['Users'],
      changed: ['statement 3'],
      header: false,
    });
  });

  it('sees no change when only the key order or the layout differs', () => {
    const reordered = parsePolicy(
      JSON.stringify(
        {
          Statement: before.statements.map((s) => Object.fromEntries(Object.entries(s).reverse())),
          Version: '2012-10-17',
        },
        null,
        4,
      ),
    );
    assert.ok(reordered.ok);
    assert.equal(hasChanges(statementChanges(before, reordered)), false);
  });

  it('notices a changed Version', () => {
    const after = parsed({ ...before.document, Version: '2008-10-17' });
    assert.equal(statementChanges(before, after).header, true);
  });
});

describe('lockout check', () => {
  it('derives the account root from the key ARN, in its partition', () => {
    assert.deepEqual(accountRootOf(KEY), ROOT);
    assert.equal(
      accountRootOf('arn:aws-cn:kms:cn-north-1:111122223333:key/x')?.arn,
      'arn:aws-cn:iam::111122223333:root',
    );
  });

  const rootStatements = (statement: Record<string, unknown>) =>
    lockedOut(parsed({ Statement: [statement] }).statements, [ROOT]);

  for (const [what, statement] of [
    ['the default policy (root, kms:*)', allow({ AWS: ROOT.arn }, 'kms:*')],
    ['the account id as principal', allow({ AWS: '111122223333' }, 'kms:PutKeyPolicy')],
    ['"*" as principal', allow('*', ['kms:Put*'])],
    ['a list with the root among others', allow({ AWS: ['arn:aws:iam::999:root', ROOT.arn] }, '*')],
    ['NotAction not naming PutKeyPolicy', { Effect: 'Allow', Principal: { AWS: ROOT.arn }, NotAction: 'kms:Decrypt' }],
  ] as const) {
    it(`keeps the root when the policy allows it PutKeyPolicy: ${what}`, () => {
      assert.deepEqual(rootStatements(statement), []);
    });
  }

  for (const [what, statement] of [
    ['another principal only', allow({ AWS: 'arn:aws:iam::111122223333:role/App' }, 'kms:*')],
    ['actions without PutKeyPolicy', allow({ AWS: ROOT.arn }, ['kms:Decrypt', 'kms:Get*'])],
    ['a service principal', allow({ Service: 'logs.amazonaws.com' }, 'kms:*')],
    [
      'an Allow under a Condition',
      allow({ AWS: ROOT.arn }, 'kms:*', { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
    ],
  ] as const) {
    it(`warns about the root when the policy allows it no PutKeyPolicy: ${what}`, () => {
      assert.deepEqual(rootStatements(statement), [ROOT]);
    });
  }

  it('warns when a Deny takes PutKeyPolicy away from the root', () => {
    const statements = parsed({
      Statement: [
        allow({ AWS: ROOT.arn }, 'kms:*'),
        { Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*' },
      ],
    }).statements;
    assert.deepEqual(lockedOut(statements, [ROOT]), [ROOT]);
  });

  it('matches IAM action wildcards case-insensitively', () => {
    assert.ok(matches('kms:*', 'kms:PutKeyPolicy'));
    assert.ok(matches('KMS:putkeypolicy', 'kms:PutKeyPolicy'));
    assert.ok(matches('kms:Put?eyPolicy', 'kms:PutKeyPolicy'));
    assert.ok(!matches('kms:Put', 'kms:PutKeyPolicy'));
    assert.ok(!matches('kms:Get*', 'kms:PutKeyPolicy'));
  });
});

describe('JSON error offset', () => {
  for (const [text, at] of [
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1, 2', 5],
    ['{"a": tru}', 6],
    ['{"a": "x\ny"}', 6],
    ['{"a": 1 /* c */}', 8],
    ['{"a": "\\q"}', 6],
    ['{} x', 3],
    ['', 0],
  ] as const) {
    it(`finds the first token that is not JSON in ${JSON.stringify(text)}`, () => {
      assert.equal(jsonErrorOffset(text), at);
    });
  }
});
