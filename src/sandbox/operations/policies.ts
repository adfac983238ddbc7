import type { OperationTable } from '../context';

export const policyOperations: OperationTable = {};
