import { randomBytes } from 'node:crypto';
import { query, type OpContext, type OperationTable } from '../context';
import { KmsError, validation } from '../errors';
import { int, parseInput, str } from '../validate';
import { base64, cryptoFields as f, refuseRecipient } from './cryptoCommon';

/** GenerateRandom: tied to no key and no key state (kms-api.md §7.11). */

const generateRandomInput = {
  NumberOfBytes: int({ min: 1, max: 1024 }),
  CustomKeyStoreId: str({ min: 1, max: 64 }),
  Recipient: f.recipient(),
};

function generateRandom(_ctx: OpContext, body: unknown): object {
  const input = parseInput(body, generateRandomInput);
  refuseRecipient(input.Recipient);
  // Optional in the model, required by the service.
  if (input.NumberOfBytes === undefined) {
    throw validation('NumberOfBytes is required.');
  }
  if (input.CustomKeyStoreId !== undefined) {
    throw new KmsError(
      'CustomKeyStoreNotFoundException',
      `Custom key store ${input.CustomKeyStoreId} does not exist: the sandbox has no custom key stores.`,
    );
  }
  return { Plaintext: base64(randomBytes(input.NumberOfBytes)) };
}

export const randomOperations: OperationTable = {
  GenerateRandom: query(generateRandom),
};
