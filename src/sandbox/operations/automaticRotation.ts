import type { OperationTable } from '../context';

export const automaticRotationOperations: OperationTable = {};
