import type { OperationTable } from '../context';

export const importOperations: OperationTable = {};
