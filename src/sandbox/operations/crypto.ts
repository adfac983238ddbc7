import type { OperationTable } from '../context';
import { dataKeyOperations } from './dataKeys';
import { encryptionOperations } from './encryption';
import { macOperations } from './mac';
import { randomOperations } from './random';
import { signingOperations } from './signing';

/** The cryptographic operations (kms-api.md §7.11), gathered from one file per area. */
export const cryptoOperations: OperationTable = {
  ...encryptionOperations,
  ...dataKeyOperations,
  ...signingOperations,
  ...macOperations,
  ...randomOperations,
};
