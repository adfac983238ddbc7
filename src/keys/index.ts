import type { CommandHandler } from '../ui/runCommand';
import type { KeyCommandId } from '../shared/commandIds';
import { showExpiringMaterial } from './expiryStatusBar';
import { CategoryNode } from './nodes';
import { createAlias, deleteAlias, updateKeyDescription } from './aliasCommands';
import { copyKeyField } from './copyCommands';
import { createKey } from './createKey';
import {
  deleteImportedKeyMaterial,
  importKeyMaterial,
  showKeyMaterial,
  type MaterialPageOpener,
} from '../keyMaterial/keyMaterialCommands';
import { cancelKeyDeletion, disableKey, enableKey, scheduleKeyDeletion } from './keyStateCommands';
import type { KeyCommandDeps } from './keyTarget';
import { disableKeyRotation, enableKeyRotation, rotateKeyNow } from './rotationCommands';

/**
 * The handlers of the Keys view and key lifecycle commands. Each takes the tree node (or a key ARN / key id) it was
 * invoked on, else asks for a key of the current region; the second argument carries the answers to its prompts
 * (tests, next-step buttons), so every prompt can be skipped by passing its answer.
 */
export function keyCommandHandlers(
  deps: KeyCommandDeps,
  materialPages: MaterialPageOpener,
): Record<KeyCommandId, CommandHandler> {
  const opts = <T>(value: unknown): T => (typeof value === 'object' && value !== null ? value : {}) as T;
  return {
    'awsKms.keys.refresh': () => deps.keys.refresh(),
    'awsKms.keys.loadMore': (node) => {
      if (node instanceof CategoryNode) {
        deps.keys.loadMore(node);
      }
    },
    'awsKms.keys.showExpiring': async (arg) =>
      showExpiringMaterial(deps.keys, { ...(typeof arg === 'string' && { keyId: arg }) }),
    'awsKms.key.create': async (node, options) => createKey(deps, node, opts(options)),
    'awsKms.key.createAlias': async (node, options) => createAlias(deps, node, opts(options)),
    'awsKms.key.deleteAlias': async (node, options) => deleteAlias(deps, node, opts(options)),
    'awsKms.key.updateDescription': async (node, options) => updateKeyDescription(deps, node, opts(options)),
    'awsKms.key.enable': async (node) => enableKey(deps, node),
    'awsKms.key.disable': async (node, options) => disableKey(deps, node, opts(options)),
    'awsKms.key.scheduleDeletion': async (node, options) => scheduleKeyDeletion(deps, node, opts(options)),
    'awsKms.key.cancelDeletion': async (node) => cancelKeyDeletion(deps, node),
    'awsKms.key.enableRotation': async (node, options) => enableKeyRotation(deps, node, opts(options)),
    'awsKms.key.disableRotation': async (node) => disableKeyRotation(deps, node),
    'awsKms.key.rotateNow': async (node, options) => rotateKeyNow(deps, node, opts(options)),
    'awsKms.key.importMaterial': async (node) => importKeyMaterial(deps, materialPages, node),
    'awsKms.key.showMaterial': async (node) => showKeyMaterial(deps, materialPages, node),
    'awsKms.key.deleteMaterial': async (node, options) => deleteImportedKeyMaterial(deps, node, opts(options)),
    'awsKms.key.copyArn': async (node) => copyKeyField(deps, 'arn', node),
    'awsKms.key.copyId': async (node) => copyKeyField(deps, 'keyId', node),
    'awsKms.key.copyAlias': async (node) => copyKeyField(deps, 'alias', node),
  };
}
