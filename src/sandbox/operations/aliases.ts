import type { OperationTable } from '../context';

export const aliasOperations: OperationTable = {};
