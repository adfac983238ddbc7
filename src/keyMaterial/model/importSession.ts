import * as l10n from '@vscode/l10n';
import type { ImportKeyMaterialCommandInput } from '@aws-sdk/client-kms';
import { EXPIRED_IMPORT_TOKEN, type PageError } from '../../aws/importErrors';
import { KmsExtensionError } from '../../core/errors';
import { expiryDate } from './pageMessages';
import { checkKeyMaterial, isAllowedChoice } from '../../core/keyMaterialSpecs';
import { canWrap, wrapKeyMaterial, type WrappingAlgorithm, type WrappingKeySpec } from '../../core/keyMaterialWrap';
import { BUTTON } from '../../shared/keyMaterialButtons';
import type { ImportChoices, PageState } from '../../shared/keyMaterialProtocol';

/**
 * The secrets of one import on the Key material page, kept in the extension host only: the wrapping public key and
 * import token, the plaintext (or already wrapped) key material. The page sees `view()`, which describes them
 * without their bytes. Buffers are zeroed when replaced or dropped.
 */

interface Parameters {
  publicKey: Buffer;
  token: Buffer;
  validTo: number;
  spec: WrappingKeySpec;
  algorithm: WrappingAlgorithm;
}
type Material =
  | { source: 'generated' | 'file'; plaintext: Buffer; summary: string }
  | { source: 'wrapped'; wrapped: Buffer; token: Buffer; summary: string };

export class ImportSession {
  private params: Parameters | undefined;
  private material: Material | undefined;
  private backup: PageState['backup'] = 'notNeeded';
  private backupFile: string | undefined;

  constructor(
    private readonly keySpec: string,
    private readonly now: () => number = Date.now,
  ) {}

  setParameters(params: Parameters): void {
    if (!isAllowedChoice(this.keySpec, params.spec, params.algorithm)) {
      throw new KmsExtensionError(
        'wrappingChoice',
        l10n.t({
          message: '{0} with {1} cannot carry {2} key material.',
          args: [params.algorithm, params.spec, this.keySpec],
          comment: ['{0} is a wrapping algorithm, {1} a wrapping key spec, {2} a key spec (KMS names)'],
        }),
      );
    }
    this.params = params;
    // Wrapped material belongs to the token it came with; new parameters replace that pair.
    if (this.material?.source === 'wrapped') {
      this.dropMaterial();
    }
  }

  /** The wrapping public key (DER) and token, for "Export wrapping key and import token". */
  exportable(): { publicKey: Buffer; token: Buffer } | undefined {
    return this.params && { publicKey: this.params.publicKey, token: this.params.token };
  }

  /** Plaintext material, generated (a backup is then required) or loaded from a file. Checked against the key spec. */
  setPlaintext(source: 'generated' | 'file', plaintext: Buffer, summary: string): void {
    try {
      checkKeyMaterial(this.keySpec, plaintext);
    } catch (error) {
      plaintext.fill(0);
      throw error;
    }
    this.dropMaterial();
    this.material = { source, plaintext, summary };
    this.backup = source === 'generated' ? 'required' : 'notNeeded';
  }

  /** Material wrapped elsewhere (OpenSSL, an HSM) with the import token of its wrapping key. */
  setWrapped(wrapped: Buffer, token: Buffer, summary: string): void {
    this.dropMaterial();
    this.material = { source: 'wrapped', wrapped, token, summary };
    this.backup = 'notNeeded';
  }

  /** The plaintext to save as the backup; only for generated material. */
  backupBytes(): Buffer {
    if (this.material?.source !== 'generated') {
      throw new KmsExtensionError('noMaterial', l10n.t('There is no generated key material to back up.'));
    }
    return this.material.plaintext;
  }

  backupSaved(fileName: string): void {
    this.backup = 'saved';
    this.backupFile = fileName;
  }

  backupDeclined(): void {
    if (this.backup === 'required') {
      this.backup = 'declined';
    }
  }

  /** The ImportKeyMaterial request: checks every precondition, then wraps the material under the current parameters. */
  request(keyArn: string, symmetric: boolean, choices: ImportChoices): ImportKeyMaterialCommandInput {
    const material = this.material;
    if (!material) {
      throw new KmsExtensionError(
        'noMaterial',
        l10n.t({
          message: 'Choose the key material first (step 2): {0}, {1} or {2}',
          args: [BUTTON.generate, BUTTON.loadMaterial, BUTTON.loadWrapped],
          comment: ['{0}, {1} and {2} are the names of buttons'],
        }),
      );
    }
    if (this.backup === 'required') {
      throw new KmsExtensionError(
        'backupRequired',
        l10n.t({
          message:
            'Save a backup of the generated key material first ({0}), or press {1}. Without a copy, deleted or expired material can never be imported again.',
          args: [BUTTON.saveBackup, BUTTON.declineBackup],
          comment: ['{0} and {1} are the names of buttons'],
        }),
      );
    }
    const expiration = choices.expires
      ? { ExpirationModel: 'KEY_MATERIAL_EXPIRES' as const, ValidTo: expiryDate(choices.validTo, this.now()) }
      : { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const };
    const symmetricOptions = symmetric
      ? { ImportType: choices.importType, ...(choices.description && { KeyMaterialDescription: choices.description }) }
      : {};
    if (material.source === 'wrapped') {
      return {
        KeyId: keyArn,
        ImportToken: material.token,
        EncryptedKeyMaterial: material.wrapped,
        ...expiration,
        ...symmetricOptions,
      };
    }
    const params = this.params;
    if (!params) {
      throw new KmsExtensionError(
        'noParameters',
        l10n.t({
          message: 'Press {0} first (step 1).',
          args: [BUTTON.getParameters],
          comment: ['{0} is the name of a button'],
        }),
      );
    }
    if (params.validTo <= this.now()) {
      throw new KmsExtensionError(
        EXPIRED_IMPORT_TOKEN,
        l10n.t({
          message: 'The import token has expired (wrapping parameters last 24 hours). Press {0}, then import again.',
          args: [BUTTON.getNewParameters],
          comment: ['{0} is the name of a button'],
        }),
      );
    }
    if (!canWrap(material.plaintext.length, params.spec, params.algorithm)) {
      throw new KmsExtensionError(
        'wrappingChoice',
        l10n.t({
          message: '{0} under {1} cannot wrap {2} bytes: choose RSA_AES_KEY_WRAP or a larger wrapping key.',
          args: [params.algorithm, params.spec, material.plaintext.length],
          comment: ['{0} is a wrapping algorithm, {1} a wrapping key spec (KMS names), {2} a number'],
        }),
      );
    }
    const wrapped = wrapKeyMaterial(material.plaintext, params.publicKey, params.algorithm);
    return {
      KeyId: keyArn,
      ImportToken: params.token,
      EncryptedKeyMaterial: wrapped,
      ...expiration,
      ...symmetricOptions,
    };
  }

  /** After a successful import: the material has done its job. The parameters stay for another import. */
  imported(): void {
    this.dropMaterial();
  }

  /** After a failed ImportKeyMaterial: a token KMS found expired makes the parameters useless. */
  importFailed(error: PageError): void {
    if (error.code === EXPIRED_IMPORT_TOKEN) {
      this.forgetParameters();
    }
  }

  forgetParameters(): void {
    if (this.params) {
      this.params.token.fill(0);
    }
    this.params = undefined;
  }

  view(): Pick<PageState, 'parameters' | 'material' | 'backup' | 'backupFile'> {
    const p = this.params;
    const m = this.material;
    return {
      ...(m?.source === 'wrapped'
        ? { parameters: { source: 'file' as const } }
        : p
          ? { parameters: { source: 'kms' as const, spec: p.spec, algorithm: p.algorithm, validTo: p.validTo } }
          : {}),
      ...(m && { material: { source: m.source, summary: m.summary } }),
      backup: this.backup,
      ...(this.backup === 'saved' && this.backupFile && { backupFile: this.backupFile }),
    };
  }

  dispose(): void {
    this.dropMaterial();
    this.forgetParameters();
  }

  private dropMaterial(): void {
    if (this.material?.source === 'wrapped') {
      this.material.wrapped.fill(0);
      this.material.token.fill(0);
    }
    if (this.material && this.material.source !== 'wrapped') {
      this.material.plaintext.fill(0);
    }
    this.material = undefined;
    this.backup = 'notNeeded';
    this.backupFile = undefined;
  }
}
