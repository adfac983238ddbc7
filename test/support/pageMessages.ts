import type { ImportTypeName, WebviewMessage, WebviewMessageType } from '../../src/shared/keyMaterialProtocol';

/**
 * One valid message of every type the Key material page's webview sends (a Record, so a new type fails to compile
 * until it has one here). The parser tests and the page-host fuzz mutate these into invalid ones.
 */
export function validPageMessages(
  keyMaterialId: string,
  importType: ImportTypeName = 'NEW_KEY_MATERIAL',
): Record<WebviewMessageType, WebviewMessage> {
  return {
    ready: { type: 'ready' },
    refresh: { type: 'refresh' },
    getParameters: { type: 'getParameters', spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' },
    exportParameters: { type: 'exportParameters' },
    generateMaterial: { type: 'generateMaterial' },
    loadMaterial: { type: 'loadMaterial' },
    loadWrapped: { type: 'loadWrapped' },
    saveBackup: { type: 'saveBackup' },
    declineBackup: { type: 'declineBackup' },
    import: {
      type: 'import',
      choices: { expires: true, validTo: '2027-01-31', importType, description: 'first import' },
    },
    deleteMaterial: { type: 'deleteMaterial', keyMaterialId },
    reimport: { type: 'reimport', keyMaterialId },
    rotateNow: { type: 'rotateNow' },
    cancelDeletion: { type: 'cancelDeletion' },
    dismiss: { type: 'dismiss' },
  };
}
