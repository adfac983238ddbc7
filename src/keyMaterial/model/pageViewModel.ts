import * as l10n from '@vscode/l10n';
import type { KeyMetadata, RotationsListEntry } from '@aws-sdk/client-kms';
import type { PageError } from '../../aws/importErrors';
import type { KeyEntry } from '../../aws/keyCatalogue';
import {
  defaultWrappingChoice,
  materialFormat,
  wrappingAlgorithmNotes,
  wrappingChoices,
} from '../../core/keyMaterialSpecs';
import { expiryWords, originLabel, stateLabel } from '../../keys/model/labels';
import { NEXT_STEP_BUTTON } from '../../shared/keyMaterialButtons';
import type {
  ImportTypeName,
  KeyHeader,
  PageState,
  WrappingAlgorithmName,
  WrappingKeySpecName,
} from '../../shared/keyMaterialProtocol';
import type { ImportSession } from './importSession';
import { materialRow, singleMaterialRow } from './materialRows';

/**
 * What the Key material page shows, from what the host knows: the key as KMS describes it, its materials, the import
 * session (described, never its bytes), and what the last action left (busy, error, notice).
 */

export interface PageView {
  region: string;
  /** Undefined until the key has loaded. */
  entry: KeyEntry | undefined;
  materials: readonly RotationsListEntry[];
  /** Keys with one material say nothing about earlier imports once it is deleted: the page remembers having seen one. */
  sawImportedMaterial: boolean;
  session: ReturnType<ImportSession['view']> | undefined;
  lastWrapping: { spec: WrappingKeySpecName; algorithm: WrappingAlgorithmName } | undefined;
  /** The import type an action asked for (a deletion, "Re-import"); else the page picks one. */
  importType: ImportTypeName | undefined;
  focusImport: number;
  notice: PageState['notice'];
  busy: string | undefined;
  error: PageError | undefined;
  /** VS Code's display language, for dates. */
  locale: string;
}

/** The whole page state, or undefined while the key has not loaded. */
export function pageViewModel(view: PageView): PageState | undefined {
  const meta = view.entry?.metadata;
  if (!view.entry || !meta) {
    return undefined;
  }
  const keySpec = meta.KeySpec ?? 'SYMMETRIC_DEFAULT';
  const symmetric = keySpec === 'SYMMETRIC_DEFAULT';
  const materials = symmetric ? view.materials.map(materialRow) : singleMaterialRow(meta);
  const hadMaterial = symmetric ? view.materials.length > 0 : materials.length > 0;
  const importTypes: PageState['importTypes'] =
    symmetric && hadMaterial ? ['EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL'] : ['NEW_KEY_MATERIAL'];
  const { error } = view;
  return {
    key: keyHeader(view.entry, meta, view.region),
    materials,
    hadMaterial: hadMaterial || view.sawImportedMaterial,
    locale: view.locale,
    expiryWords: expiryWords(),
    ...(meta.Origin !== 'EXTERNAL' && {
      materialsNote: l10n.t("KMS created this key's material: it cannot be imported, deleted or exported."),
    }),
    canImport: meta.Origin === 'EXTERNAL' && meta.KeyManager === 'CUSTOMER' && meta.KeyState !== 'PendingDeletion',
    canRotate:
      symmetric &&
      meta.KeyState === 'Enabled' &&
      view.materials.some((m) => m.KeyMaterialState === 'PENDING_ROTATION' && m.ImportState === 'IMPORTED'),
    choices: wrappingChoices(keySpec).map((c) => ({
      spec: c.spec,
      algorithm: c.algorithm,
      ...(c.refused && { refused: c.refused }),
    })),
    algorithmNotes: wrappingAlgorithmNotes(),
    defaultChoice: view.lastWrapping ?? defaultWrappingChoice(keySpec),
    materialFormat: materialFormat(keySpec),
    ...(view.session ?? { backup: 'notNeeded' as const }),
    importTypes,
    defaultImportType: defaultImportType(
      view.importType,
      importTypes,
      hadMaterial,
      materials.some((m) => !m.imported),
    ),
    ...(view.busy && { busy: view.busy }),
    // The error's code is for the host's decisions, not the page's.
    ...(error && {
      error: {
        message: error.message,
        ...(error.next && { next: error.next, nextLabel: NEXT_STEP_BUTTON[error.next] }),
      },
    }),
    ...(view.notice && { notice: view.notice }),
    focusImport: view.focusImport,
  };
}

function keyHeader(entry: KeyEntry, meta: KeyMetadata, region: string): KeyHeader {
  const keySpec = meta.KeySpec ?? 'SYMMETRIC_DEFAULT';
  return {
    arn: entry.arn,
    region,
    keyId: entry.keyId,
    ...(entry.aliases[0] && { alias: entry.aliases[0] }),
    keySpec,
    keyUsage: meta.KeyUsage ?? '',
    state: meta.KeyState ?? '',
    stateLabel: stateLabel(meta),
    origin: meta.Origin ?? '',
    originLabel: originLabel(meta.Origin),
    multiRegion: meta.MultiRegion === true,
    symmetric: keySpec === 'SYMMETRIC_DEFAULT',
    ...(meta.Description && { description: meta.Description }),
  };
}

/** The import type asked for if the key allows it; else bringing material back when some is pending import. */
function defaultImportType(
  asked: ImportTypeName | undefined,
  importTypes: readonly ImportTypeName[],
  hadMaterial: boolean,
  pendingImport: boolean,
): ImportTypeName {
  if (asked && importTypes.includes(asked)) {
    return asked;
  }
  if (hadMaterial && pendingImport) {
    return 'EXISTING_KEY_MATERIAL';
  }
  if (importTypes.includes('NEW_KEY_MATERIAL') && !hadMaterial) {
    return 'NEW_KEY_MATERIAL';
  }
  return importTypes[0] ?? 'NEW_KEY_MATERIAL';
}

/** The panel's title: the key's alias without "alias/", else its id. */
export function pageTitle(key: KeyHeader): string {
  return l10n.t({
    message: 'Key material: {0}',
    args: [key.alias?.replace(/^alias\//, '') ?? key.keyId],
    comment: ['{0} is the alias or id of a key'],
  });
}
