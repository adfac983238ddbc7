import type { OperationTable } from '../context';

export const keyOperations: OperationTable = {};
