import * as vscode from 'vscode';
import { isEncryptedFile } from '../files/detection';
import { reachedMilestones, reachMilestone } from './milestones';
import type { KeysTreeProvider } from '../keys/keysTreeProvider';
import { existingSampleFile } from './sampleFile';

/**
 * Ticks the walkthrough steps whose condition already holds, without waiting for the event: the walkthrough's key
 * (its description is the one the Create Key button gives) completes "Create a key" as soon as the Keys view's
 * catalogue lists it, and "Import key material" once it is enabled; an encrypted sample file completes "Encrypt a
 * file". So a step done before a restart, or in another window, shows as done. The sandbox's demo keys do not count:
 * the user did not make them. The actions only an event shows (a refused decrypt, a data key) tick from the commands.
 */
export const WALKTHROUGH_KEY_DESCRIPTION = 'BYOK walkthrough';

export class WalkthroughConditions implements vscode.Disposable {
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly keys: KeysTreeProvider,
    private readonly state: vscode.Memento,
  ) {
    this.listeners = [
      keys.onDidChangeKey(({ region, keyId }) => {
        this.checkKeys(region, keyId);
      }),
    ];
    for (const region of keys.regions()) {
      this.checkKeys(region);
    }
    void this.checkSampleFile();
  }

  /** One key when the event names it, else every listed key; nothing once both steps are done. */
  private checkKeys(region: string, keyId?: string): void {
    const reached = reachedMilestones();
    if (reached.has('keyCreated') && reached.has('materialImported')) {
      return;
    }
    const catalogue = this.keys.catalogue(region);
    const entries = keyId === undefined ? catalogue.listedEntries() : [catalogue.entry(keyId)];
    for (const meta of entries.map((entry) => entry?.metadata)) {
      if (
        meta?.Description !== WALKTHROUGH_KEY_DESCRIPTION ||
        meta.Origin !== 'EXTERNAL' ||
        meta.KeyState === 'PendingDeletion'
      ) {
        continue;
      }
      reachMilestone('keyCreated');
      if (meta.KeyState === 'Enabled') {
        reachMilestone('materialImported');
      }
    }
  }

  private async checkSampleFile(): Promise<void> {
    const sample = await existingSampleFile(this.state);
    if (sample && (await isEncryptedFile(sample))) {
      reachMilestone('fileEncrypted');
    }
  }

  dispose(): void {
    this.listeners.forEach((listener) => listener.dispose());
  }
}
