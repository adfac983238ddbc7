import assert from 'node:assert/strict';
import type { PageState } from '../../../src/shared/keyMaterialProtocol';
import type { Form } from '../../../src/webview/keyMaterial/pageView';
import {
  allowedAlgorithms,
  allowedSpecs,
  parametersRequest,
  tokenExpired,
  wrappingChoice,
} from '../../../src/webview/keyMaterial/wrapping';

const state = {
  choices: [
    { spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' },
    { spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_1', refused: 'not for this key spec' },
    { spec: 'RSA_4096', algorithm: 'RSA_AES_KEY_WRAP_SHA_256' },
    { spec: 'RSA_3072', algorithm: 'RSAES_OAEP_SHA_1', refused: 'not for this key spec' },
  ],
  defaultChoice: { spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' },
} as PageState;
const form = (choice: Partial<Form>): Form => ({ expires: false, validTo: '2027-01-01', description: '', ...choice });

describe("the Key material page's wrapping choice", () => {
  it('offers only what KMS allows for the key', () => {
    assert.deepEqual(allowedSpecs(state), ['RSA_2048', 'RSA_4096']);
    assert.deepEqual(allowedAlgorithms(state, 'RSA_2048'), ['RSAES_OAEP_SHA_256']);
    assert.deepEqual(allowedAlgorithms(state, 'RSA_3072'), []);
  });

  it("keeps the user's choice while it is allowed, else falls back to the default or the spec's first algorithm", () => {
    assert.deepEqual(wrappingChoice(state, form({})), state.defaultChoice);
    assert.deepEqual(wrappingChoice(state, form({ spec: 'RSA_4096' })), {
      spec: 'RSA_4096',
      algorithm: 'RSA_AES_KEY_WRAP_SHA_256',
    });
    assert.deepEqual(
      wrappingChoice(state, form({ spec: 'RSA_3072', algorithm: 'RSAES_OAEP_SHA_1' })),
      state.defaultChoice,
      'a refused spec and algorithm',
    );
    assert.deepEqual(parametersRequest(state, form({ spec: 'RSA_4096' })), {
      type: 'getParameters',
      spec: 'RSA_4096',
      algorithm: 'RSA_AES_KEY_WRAP_SHA_256',
    });
  });

  it('tells a lapsed import token from KMS, never one loaded from a file', () => {
    const kms = (validTo: number): PageState =>
      ({
        ...state,
        parameters: { source: 'kms', spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256', validTo },
      }) as PageState;
    assert.equal(tokenExpired(kms(1000), 999), false);
    assert.equal(tokenExpired(kms(1000), 1000), true);
    assert.equal(tokenExpired({ ...state, parameters: { source: 'file' } } as PageState, 1e15), false);
    assert.equal(tokenExpired(state, 1e15), false, 'no parameters yet');
  });
});
