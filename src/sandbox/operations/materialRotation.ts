import type { OperationTable } from '../context';

export const materialRotationOperations: OperationTable = {};
