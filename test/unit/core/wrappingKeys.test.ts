import assert from 'node:assert/strict';
import { wrappingKeysLosingAccess } from '../../../src/core/wrappingKeys';

const A = 'arn:aws:kms:us-east-1:111122223333:key/a';
const B = 'arn:aws:kms:us-east-1:111122223333:key/b';
const C = 'arn:aws:kms:us-east-1:111122223333:key/c';

describe('wrapping keys that lose access on re-encrypt', () => {
  it('are the current keys not among the new ones', () => {
    assert.deepEqual(wrappingKeysLosingAccess([A, B], [C]), [A, B]);
    assert.deepEqual(wrappingKeysLosingAccess([A, B], [B, C]), [A]);
  });

  it('are none when every current key is kept', () => {
    assert.deepEqual(wrappingKeysLosingAccess([A], [A, C]), []);
    assert.deepEqual(wrappingKeysLosingAccess([A, B], [B, A]), []);
  });

  it('name a key once, even if several files list it', () => {
    assert.deepEqual(wrappingKeysLosingAccess([A, A, B], [B]), [A]);
  });
});
