import type { OperationTable } from '../context';

export const cryptoOperations: OperationTable = {};
