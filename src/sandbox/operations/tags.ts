import type { OperationTable } from '../context';

export const tagOperations: OperationTable = {};
