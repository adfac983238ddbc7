import * as l10n from '@vscode/l10n';
import type { KeyMetadata } from '@aws-sdk/client-kms';
import { shortMaterialId, stateLabel } from '../../keys/model/labels';
import { BUTTON } from '../../shared/keyMaterialButtons';
import type { PageState, WebviewMessage } from '../../shared/keyMaterialProtocol';

/** What the Key material page's actions say: the busy banner meanwhile, the notice after, the confirmations. */

type Notice = NonNullable<PageState['notice']>;
const notice = (message: string, offerRotate = false): Notice => ({ message, offerRotate });
const BUTTON_COMMENT = 'is the name of a button';

/** The messages that run an action (with the busy banner), and what the banner says meanwhile. */
export type ActionMessage = Exclude<WebviewMessage, { type: 'ready' | 'dismiss' | 'reimport' }>;

export function busyText(type: ActionMessage['type']): string {
  switch (type) {
    case 'refresh':
      return l10n.t('Loading the key');
    case 'getParameters':
      return l10n.t('Getting wrapping parameters');
    case 'exportParameters':
      return l10n.t('Saving the wrapping key and import token');
    case 'generateMaterial':
      return l10n.t('Generating key material');
    case 'loadMaterial':
      return l10n.t('Loading key material');
    case 'loadWrapped':
      return l10n.t('Loading wrapped key material');
    case 'saveBackup':
      return l10n.t('Saving the backup');
    case 'declineBackup':
      return l10n.t('Recording that there is no backup');
    case 'import':
      return l10n.t('Importing key material');
    case 'deleteMaterial':
      return l10n.t('Deleting key material');
    case 'rotateNow':
      return l10n.t('Rotating to the new key material');
    case 'cancelDeletion':
      return l10n.t('Cancelling the key deletion');
  }
}

export function parametersSavedNotice(folder: string): Notice {
  return notice(
    l10n.t({
      message:
        'Saved wrappingKey.der, wrappingKey.pem and importToken.bin in {0}. Wrap the material with them (OpenSSL, your HSM), then press {1}',
      args: [folder, BUTTON.loadWrapped],
      comment: ['{0} is a folder', `{1} ${BUTTON_COMMENT}`],
    }),
  );
}

/** After "Re-import" on a material (or the key's one material): how to bring the same bytes back. */
export function reimportNotice(keyMaterialId: string | undefined): Notice {
  const then = [BUTTON.loadMaterial, BUTTON.import];
  return notice(
    keyMaterialId
      ? l10n.t({
          message:
            'To re-import material {0}, press {1} (step 2) and choose your backup of it, then {2} as the existing key material.',
          args: [shortMaterialId(keyMaterialId), ...then],
          comment: ['{0} is the start of a key material id', `{1} and {2} are names of buttons`],
        })
      : l10n.t({
          message:
            'To re-import the key material, press {0} (step 2) and choose your backup of it, then {1} as the existing key material.',
          args: then,
          comment: [`{0} and {1} are names of buttons`],
        }),
  );
}

/**
 * After ImportKeyMaterial. `staged`: new material for a key that has some, pending rotation until the key rotates to
 * it; else the key's state (now, after the import) tells whether it can be used.
 */
export function importedNotice(
  staged: boolean,
  keyMaterialId: string | undefined,
  meta: KeyMetadata | undefined,
): Notice {
  const id = keyMaterialId && shortMaterialId(keyMaterialId);
  const comment = ['{0} is the start of a key material id'];
  if (staged) {
    const pending = l10n.t('It is pending rotation: KMS uses it once you rotate the key to it.');
    const imported = id
      ? l10n.t({ message: 'Imported new key material ({0}).', args: [id], comment })
      : l10n.t('Imported new key material.');
    return notice(`${imported} ${pending}`, true);
  }
  const imported = id
    ? l10n.t({ message: 'Imported key material ({0}).', args: [id], comment })
    : l10n.t('Imported key material.');
  const state =
    meta?.KeyState === 'Enabled'
      ? l10n.t('The key is enabled.')
      : l10n.t({
          message: 'Key state: {0}.',
          args: [meta ? stateLabel(meta) : l10n.t('updated')],
          comment: ['{0} is a key state such as Pending import'],
        });
  return notice(`${imported} ${state}`);
}

/** Asks before DeleteImportedKeyMaterial: a staged material goes unused; the current one takes the key out of use. */
export function deleteConfirmation(
  label: string,
  keyMaterialId: string | undefined,
  staged: boolean,
): { message: string; detail: string; button: string } {
  return {
    message: keyMaterialId
      ? l10n.t({
          message: 'Delete key material {0} of {1}?',
          args: [shortMaterialId(keyMaterialId), label],
          comment: ['{0} is the start of a key material id', '{1} is the name of a key'],
        })
      : l10n.t({
          message: 'Delete the imported key material of {0}?',
          args: [label],
          comment: ['{0} is the name of a key'],
        }),
    detail: staged
      ? l10n.t(
          'This material waits for rotation and has not been used: KMS discards it. The current key material stays.',
        )
      : l10n.t(
          'KMS deletes its copy of the key material. The key becomes Pending import and cannot be used: everything encrypted under it stays undecryptable until you import the same key material again — other material cannot replace it. Make sure you have a backup of the key material.',
        ),
    button: l10n.t('Delete Key Material'),
  };
}

export function deletedNotice(staged: boolean, symmetric: boolean): Notice {
  if (staged) {
    return notice(l10n.t('Deleted the staged key material.'));
  }
  const again = symmetric
    ? l10n.t('Re-import it from your backup to use the key again.')
    : l10n.t('Import it again from your backup to use the key again.');
  return notice(`${l10n.t('Deleted the key material.')} ${again}`);
}

export function rotationStartedNotice(): Notice {
  return notice(
    l10n.t(
      'Rotation started: the new key material becomes current; the previous material still decrypts what it encrypted.',
    ),
  );
}
