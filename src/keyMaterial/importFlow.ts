import * as vscode from 'vscode';
import { generateKeyMaterial } from '../core/keyMaterialSpecs';
import type { ConnectionManager } from '../connections/connectionManager';
import type { KeysTreeProvider } from '../keys/keysTreeProvider';
import type { Logger } from '../platform/logger';
import { reachMilestone } from '../walkthrough/milestones';
import { BUTTON } from '../shared/keyMaterialButtons';
import type {
  ImportChoices,
  ImportTypeName,
  PageState,
  WrappingAlgorithmName,
  WrappingKeySpecName,
} from '../shared/keyMaterialProtocol';
import {
  exportParameters,
  pickBackupFile,
  pickPlaintextMaterial,
  pickWrappedMaterial,
  writePrivateFile,
} from './importFiles';
import { LoadedKey, notLoaded, type KeyRef } from './loadedKey';
import { ImportSession } from './model/importSession';
import { PageFailure, pageErrorOf } from './model/pageErrors';
import * as texts from './model/pageTexts';
import type { PageView } from './model/pageViewModel';
import type { PageUi } from './pageUi';

/**
 * What a Key material page does, message by message: the KMS requests, the files and dialogs of the import workflow,
 * and what they leave on the page (the notice, the import type to propose). The secrets stay in the ImportSession.
 */

export interface FlowDeps {
  connections: ConnectionManager;
  keys: KeysTreeProvider;
  log: Logger;
  ui: () => PageUi;
}

const l10n = vscode.l10n;

export class ImportFlow {
  readonly key: LoadedKey;
  private session: ImportSession | undefined;
  private lastWrapping: { spec: WrappingKeySpecName; algorithm: WrappingAlgorithmName } | undefined;
  private importType: ImportTypeName | undefined;
  private focusImport = 0;
  private notice: PageState['notice'];

  constructor(
    ref: KeyRef,
    private readonly deps: FlowDeps,
  ) {
    this.key = new LoadedKey(ref, deps);
  }

  /** Runs one action of the page; a failure is thrown for the page to show. */
  async run(message: texts.ActionMessage): Promise<void> {
    switch (message.type) {
      case 'refresh':
        return this.load();
      case 'getParameters':
        return this.getParameters(message.spec, message.algorithm);
      case 'exportParameters':
        return this.exportParameters();
      case 'generateMaterial':
        return this.generate();
      case 'loadMaterial':
        return this.loadPlaintext();
      case 'loadWrapped':
        return this.loadWrapped();
      case 'saveBackup':
        return this.saveBackup();
      case 'declineBackup':
        return this.requireSession().backupDeclined();
      case 'import':
        return this.importMaterial(message.choices);
      case 'deleteMaterial':
        return this.deleteMaterial(message.keyMaterialId);
      case 'rotateNow':
        return this.rotateNow();
      case 'cancelDeletion':
        await this.key.kms('CancelKeyDeletion', async (kms) => kms('CancelKeyDeletion', { KeyId: this.key.ref.arn }));
        return this.load();
      default: {
        const unreachable: never = message;
        throw new Error(`unhandled message ${String(unreachable)}`);
      }
    }
  }

  async load(): Promise<void> {
    try {
      await this.key.load();
    } finally {
      // The session needs the key spec only: DescribeKey gave it even if listing the materials failed.
      const keySpec = this.key.entry?.metadata && this.key.keySpec();
      if (keySpec) {
        this.session ??= new ImportSession(keySpec);
      }
    }
  }

  /** "Re-import": the import section comes into view, proposing the existing material and saying how. */
  reimport(keyMaterialId: string | undefined): void {
    this.importType = 'EXISTING_KEY_MATERIAL';
    this.focusImport++;
    this.notice = texts.reimportNotice(keyMaterialId);
  }

  /** Brings the import section into view. */
  focus(): void {
    this.focusImport++;
  }

  /** What the page said about the earlier state no longer holds. */
  dismissNotice(): void {
    this.notice = undefined;
  }

  view(): Omit<PageView, 'busy' | 'error' | 'locale'> {
    const { entry, materials, sawImportedMaterial, ref } = this.key;
    return {
      region: ref.region,
      entry,
      materials,
      sawImportedMaterial,
      session: this.session?.view(),
      lastWrapping: this.lastWrapping,
      importType: this.importType,
      focusImport: this.focusImport,
      notice: this.notice,
    };
  }

  private async getParameters(spec: WrappingKeySpecName, algorithm: WrappingAlgorithmName): Promise<void> {
    const session = this.requireSession();
    this.lastWrapping = { spec, algorithm };
    const arn = this.key.ref.arn;
    const out = await this.key.kms('GetParametersForImport', async (kms) =>
      kms('GetParametersForImport', { KeyId: arn, WrappingKeySpec: spec, WrappingAlgorithm: algorithm }),
    );
    if (!out.PublicKey || !out.ImportToken) {
      throw new PageFailure({
        message: l10n.t('GetParametersForImport returned no public key or import token: try again.'),
      });
    }
    session.setParameters({
      publicKey: Buffer.from(out.PublicKey),
      token: Buffer.from(out.ImportToken),
      spec,
      algorithm,
      validTo: out.ParametersValidTo?.getTime() ?? Date.now() + 86_400_000,
    });
    this.deps.log.info(`GetParametersForImport ${arn}: ${algorithm} ${spec}`, 'keyMaterial');
  }

  private async exportParameters(): Promise<void> {
    const params = this.requireSession().exportable();
    if (!params) {
      throw new PageFailure({
        message: l10n.t({ message: 'Press {0} first.', args: [BUTTON.getParameters], comment: ['{0} is a button'] }),
      });
    }
    const folder = await exportParameters(this.deps.ui(), params);
    if (folder) {
      this.notice = texts.parametersSavedNotice(folder);
    }
  }

  private async generate(): Promise<void> {
    const session = this.requireSession();
    const material = await generateKeyMaterial(this.key.keySpec());
    // The page's hint names the format and size already: say where the material comes from, not its size again.
    session.setPlaintext('generated', material, l10n.t('Generated here'));
  }

  private async loadPlaintext(): Promise<void> {
    const session = this.requireSession();
    const picked = await pickPlaintextMaterial(this.deps.ui(), this.key.keySpec());
    if (picked) {
      session.setPlaintext('file', picked.bytes, picked.summary);
    }
  }

  private async loadWrapped(): Promise<void> {
    const session = this.requireSession();
    const picked = await pickWrappedMaterial(this.deps.ui());
    if (picked) {
      session.setWrapped(picked.wrapped, picked.token, picked.summary);
    }
  }

  private async saveBackup(): Promise<void> {
    const session = this.requireSession();
    const bytes = session.backupBytes();
    const path = await pickBackupFile(this.deps.ui(), this.key.label());
    if (!path) {
      return;
    }
    await writePrivateFile(path, bytes);
    session.backupSaved(path);
    this.deps.log.info(`Key material page (${this.key.ref.arn}): backup saved to ${path}`, 'keyMaterial');
  }

  private async importMaterial(choices: ImportChoices): Promise<void> {
    const session = this.requireSession();
    // The key may have changed since the page loaded it (material deleted from the Keys view, expiry, the CLI).
    await this.load();
    const meta = this.key.meta();
    const symmetric = meta.KeySpec === 'SYMMETRIC_DEFAULT';
    const wasPendingImport = meta.KeyState === 'PendingImport';
    const hadMaterial =
      this.key.materials.some((m) => m.KeyMaterialState === 'CURRENT') || meta.CurrentKeyMaterialId !== undefined;
    const request = session.request(this.key.ref.arn, symmetric, choices);
    let out;
    try {
      out = await this.key.kms('ImportKeyMaterial', async (kms) => kms('ImportKeyMaterial', request));
    } catch (error) {
      session.importFailed(pageErrorOf(error));
      throw error;
    } finally {
      request.EncryptedKeyMaterial?.fill(0);
    }
    session.imported();
    reachMilestone('materialImported');
    const existing = symmetric ? choices.importType === 'EXISTING_KEY_MATERIAL' : this.key.sawImportedMaterial;
    if (existing && wasPendingImport) {
      reachMilestone('materialReimported');
    }
    this.importType = undefined;
    await this.load();
    const staged = symmetric && choices.importType === 'NEW_KEY_MATERIAL' && hadMaterial;
    this.notice = texts.importedNotice(staged, out.KeyMaterialId, this.key.entry?.metadata);
    this.deps.log.info(
      `ImportKeyMaterial ${this.key.ref.arn}: done (${request.ExpirationModel}${symmetric ? `, ${choices.importType}` : ''})`,
      'keyMaterial',
    );
  }

  private async deleteMaterial(keyMaterialId: string | undefined): Promise<void> {
    const symmetric = this.key.keySpec() === 'SYMMETRIC_DEFAULT';
    const row = keyMaterialId ? this.key.materials.find((m) => m.KeyMaterialId === keyMaterialId) : undefined;
    if (keyMaterialId && !row) {
      throw new PageFailure({
        message: l10n.t('That key material is no longer listed: refresh the page.'),
        next: 'refresh',
      });
    }
    const staged = row?.KeyMaterialState === 'PENDING_ROTATION';
    const ask = texts.deleteConfirmation(this.key.label(), keyMaterialId, staged);
    if (!(await this.deps.ui().confirm(ask.message, ask.detail, ask.button))) {
      return;
    }
    const arn = this.key.ref.arn;
    await this.key.kms('DeleteImportedKeyMaterial', async (kms) =>
      kms('DeleteImportedKeyMaterial', { KeyId: arn, ...(keyMaterialId && { KeyMaterialId: keyMaterialId }) }),
    );
    reachMilestone('materialDeleted');
    this.deps.log.info(`DeleteImportedKeyMaterial ${arn}: done`, 'keyMaterial');
    await this.load();
    this.notice = texts.deletedNotice(staged, symmetric);
    if (!staged) {
      this.importType = 'EXISTING_KEY_MATERIAL';
    }
  }

  private async rotateNow(): Promise<void> {
    const arn = this.key.ref.arn;
    await this.key.kms('RotateKeyOnDemand', async (kms) => kms('RotateKeyOnDemand', { KeyId: arn }));
    this.deps.log.info(`RotateKeyOnDemand ${arn}: started`, 'keyMaterial');
    await this.load();
    this.notice = texts.rotationStartedNotice();
  }

  private requireSession(): ImportSession {
    if (!this.session) {
      throw notLoaded();
    }
    return this.session;
  }

  dispose(): void {
    this.session?.dispose();
  }
}
