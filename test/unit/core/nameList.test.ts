import assert from 'node:assert/strict';
import { firstNames } from '../../../src/core/nameList';

describe('first names of a batch', () => {
  it('shows every name of a short list', () => {
    assert.deepEqual(firstNames(['a', 'b', 'c']), { shown: ['a', 'b', 'c'], more: 0 });
    assert.deepEqual(firstNames([]), { shown: [], more: 0 });
  });

  it('shows the first five of a long list and counts the rest', () => {
    const names = Array.from({ length: 12 }, (_, i) => `f${i}.txt`);
    assert.deepEqual(firstNames(names), { shown: names.slice(0, 5), more: 7 });
  });

  it('never says "and 1 more": the sixth name takes the same room', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    assert.deepEqual(firstNames(names), { shown: names, more: 0 });
    assert.deepEqual(firstNames([...names, 'g']), { shown: names.slice(0, 5), more: 2 });
  });
});
