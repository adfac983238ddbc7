import type { OperationTable } from '../context';
import { aliasOperations } from './aliases';
import { automaticRotationOperations } from './automaticRotation';
import { cryptoOperations } from './crypto';
import { importOperations } from './import';
import { keyOperations } from './keys';
import { materialRotationOperations } from './materialRotation';
import { policyOperations } from './policies';
import { tagOperations } from './tags';

/** Every operation the sandbox serves, by its X-Amz-Target name (`TrentService.<name>`). */
export const operations: OperationTable = {
  ...keyOperations,
  ...aliasOperations,
  ...tagOperations,
  ...policyOperations,
  ...automaticRotationOperations,
  ...materialRotationOperations,
  ...cryptoOperations,
  ...importOperations,
};
