import { mutation, query, type OperationTable } from '../context';
import { deleteImportedKeyMaterial } from './deleteMaterial';
import { importKeyMaterial } from './importMaterial';
import { getParametersForImport } from './importParameters';

/** Imported key material ("bring your own key"): kms-api.md §7.12 and §8. */
export const importOperations: OperationTable = {
  // Issues a self-contained token and keeps nothing, so it changes no state.
  GetParametersForImport: query(getParametersForImport),
  ImportKeyMaterial: mutation(importKeyMaterial),
  DeleteImportedKeyMaterial: mutation(deleteImportedKeyMaterial),
};
