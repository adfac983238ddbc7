import * as assert from 'node:assert/strict';
import { causeChain, errorFacts, firstSentence } from '../../../src/aws/errorChain';
import { sandboxConnection } from '../../../src/aws/resolveConnection';

describe('the cause chain of an AWS error', () => {
  it('follows causes and the errors of an AggregateError, breadth first, at most eight', () => {
    const root = new Error('top', {
      cause: new AggregateError([new Error('first'), 'a string'], 'both', { cause: new Error('deep') }),
    });
    assert.deepEqual(
      causeChain(root).map((e) => e.message),
      ['top', 'both', 'deep', 'first', 'a string'],
    );
    let long: Error = new Error('0');
    for (let i = 1; i < 12; i++) {
      long = new Error(String(i), { cause: long });
    }
    assert.equal(causeChain(long).length, 8);
    assert.deepEqual(causeChain(undefined), []);
  });

  it('first sentence: up to the first full stop of the first line, a full stop added when missing', () => {
    assert.equal(firstSentence('Could not load credentials. See the docs.\nmore'), 'Could not load credentials.');
    assert.equal(firstSentence('  no stop here  '), 'no stop here.');
    assert.equal(firstSentence('version 1.2 is old'), 'version 1.2 is old.');
  });

  it('facts: names and codes of the whole chain, and how messages name the connection', () => {
    const error = Object.assign(new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'EPIPE' }) }), {
      name: 'ProviderError',
    });
    const facts = errorFacts(error, causeChain(error), {});
    assert.equal(facts.has('EPIPE', 'ProviderError'), 'EPIPE');
    assert.equal(facts.has('Nope'), undefined);
    assert.equal(facts.text, 'ProviderError: outer\nError: inner');
    assert.equal(facts.who, 'the connection');
    const sandbox = sandboxConnection({
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 's' },
    });
    assert.equal(errorFacts('thrown text', [], { connection: sandbox }).who, 'the sandbox');
    assert.deepEqual(errorFacts('thrown text', [], {}).top, { name: 'Error', message: 'thrown text' });
  });
});
