/**
 * The messages between the Key material page (webview) and the extension host. Shared by both sides; type-only
 * apart from the constants. The webview sends choices, the host answers with the whole page state. No key
 * material, import token, wrapping key or data key is ever part of a message: the host keeps them.
 */

import type { PageNextStep } from '../core/errors';
import type { ExpiryWords } from './timeTexts';

export const KEY_MATERIAL_VIEW_TYPE = 'awsKms.keyMaterial';

export type WrappingAlgorithmName =
  'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_1' | 'RSA_AES_KEY_WRAP_SHA_256';
export type WrappingKeySpecName = 'RSA_2048' | 'RSA_3072' | 'RSA_4096';
export type ImportTypeName = 'EXISTING_KEY_MATERIAL' | 'NEW_KEY_MATERIAL';

export interface ImportChoices {
  /** Expires on `validTo` (a YYYY-MM-DD date, at most 365 days ahead), or does not expire. */
  expires: boolean;
  validTo?: string;
  importType: ImportTypeName;
  description: string;
}

/** webview → host */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'getParameters'; spec: WrappingKeySpecName; algorithm: WrappingAlgorithmName }
  | { type: 'exportParameters' }
  | { type: 'generateMaterial' }
  | { type: 'loadMaterial' }
  | { type: 'loadWrapped' }
  | { type: 'saveBackup' }
  | { type: 'declineBackup' }
  | { type: 'import'; choices: ImportChoices }
  | { type: 'deleteMaterial'; keyMaterialId?: string }
  | { type: 'reimport'; keyMaterialId?: string }
  | { type: 'rotateNow' }
  | { type: 'cancelDeletion' }
  | { type: 'dismiss' };

export type WebviewMessageType = WebviewMessage['type'];

/** host → webview */
export type HostMessage =
  | { type: 'state'; state: PageState }
  /** The key could not be loaded at all; the page shows why and offers Refresh. */
  | { type: 'loadFailed'; message: string };

/** What the webview keeps with vscode.setState: the key it shows (for the serializer) and the user's choices. */
export interface SavedPageState {
  keyArn: string;
  region: string;
  form?: Record<string, string | boolean>;
}

export interface KeyHeader {
  arn: string;
  region: string;
  keyId: string;
  alias?: string;
  keySpec: string;
  keyUsage: string;
  /** KeyState and Origin as KMS names them (for the page's logic), and as the Keys tree words them (for the user). */
  state: string;
  stateLabel: string;
  origin: string;
  originLabel: string;
  multiRegion: boolean;
  description?: string;
  /** Symmetric keys have several materials (rotation, import types); the others one for life. */
  symmetric: boolean;
}

export interface MaterialRow {
  /** KeyMaterialId; absent for non-symmetric keys, which have one material. */
  id?: string;
  description?: string;
  /** The material's state and import state as the Keys tree words them ("Current", "Pending import"). */
  state: string;
  importState: string;
  imported: boolean;
  /** Epoch ms; absent when the material does not expire or is not imported. */
  validTo?: number;
  expires: boolean;
}

export interface WrappingChoiceView {
  spec: WrappingKeySpecName;
  algorithm: WrappingAlgorithmName;
  refused?: string;
}

export interface PageState {
  key: KeyHeader;
  materials: MaterialRow[];
  /** The key had material (imported now, or deleted or expired): an import most likely brings the same bytes back. */
  hadMaterial: boolean;
  /** VS Code's display language, for dates; and the words of remaining times, localised as in the Keys tree. */
  locale: string;
  expiryWords: ExpiryWords;
  /** Whether the material table could be loaded (not for keys whose metadata alone describes the material). */
  materialsNote?: string;
  canImport: boolean;
  canRotate: boolean;
  choices: WrappingChoiceView[];
  algorithmNotes: Record<WrappingAlgorithmName, string>;
  defaultChoice: { spec: WrappingKeySpecName; algorithm: WrappingAlgorithmName };
  materialFormat: string;
  /** The wrapping parameters the host holds: from GetParametersForImport, or the token loaded with wrapped material. */
  parameters?:
    | { source: 'kms'; spec: WrappingKeySpecName; algorithm: WrappingAlgorithmName; validTo: number }
    | { source: 'file' };
  /** The material ready to import, described, never shown. */
  material?: { source: 'generated' | 'file' | 'wrapped'; summary: string };
  /** For generated material: the backup must be saved or declined before the import. */
  backup: 'notNeeded' | 'required' | 'saved' | 'declined';
  backupFile?: string;
  importTypes: ImportTypeName[];
  defaultImportType: ImportTypeName;
  busy?: string;
  error?: { message: string; next?: PageNextStep; nextLabel?: string };
  notice?: { message: string; offerRotate: boolean };
  /** Increases when the host wants the import section in view (opened by "Import Key Material", "Re-import"). */
  focusImport: number;
}
