import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';
import { day, expiresIn, md } from './model/labels';
import { KEYS_VIEW_ID, type KeysTreeProvider } from './keysTreeProvider';
import type { ExpiringKey } from './model/expiringKeys';

/**
 * A warning in the status bar while imported key material expires within `awsKms.materialExpiryWarningDays` (which
 * the KMS console never tells you): when it expires, the key becomes unusable until the same material is imported
 * again. A click reveals the key in the Keys view.
 */
export class ExpiryStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'awsKms.materialExpiry',
    vscode.StatusBarAlignment.Left,
    49,
  );
  private readonly subscription: vscode.Disposable;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly keys: KeysTreeProvider) {
    this.item.name = vscode.l10n.t('AWS KMS Key Material Expiry');
    this.item.command = 'awsKms.keys.showExpiring';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    // Catalogue changes come in bursts (a page of keys): update once per burst.
    this.subscription = keys.onDidChangeExpiring(() => {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        this.update();
      }, 100);
    });
    this.update();
  }

  /** What the item shows now (tests read it). */
  get text(): string | undefined {
    return this.item.text || undefined;
  }
  get visible(): boolean {
    return this.keys.expiringKeys().length > 0;
  }

  update(): void {
    const expiring = this.keys.expiringKeys();
    if (expiring.length === 0) {
      this.item.hide();
      this.item.text = '';
      return;
    }
    const now = Date.now();
    const first = expiring[0];
    this.item.text =
      expiring.length === 1
        ? `$(warning) ${vscode.l10n.t('{0}: key material {1}', first.label, expiresIn(first.expiresAt, now))}`
        : `$(warning) ${vscode.l10n.t({ message: '{0} keys: key material expires soon', args: [expiring.length], comment: ['{0} is a number, 2 or more'] })}`;
    const tooltip = new vscode.MarkdownString(
      `${md(vscode.l10n.t('Imported key material expires soon. When it expires, the key cannot be used until the same key material is imported again.'))}\n\n`,
    );
    tooltip.appendMarkdown(
      expiring
        .map((k) => `- **${md(k.label)}** (${md(k.region)}): ${day(k.expiresAt)}, ${md(expiresIn(k.expiresAt, now))}`)
        .join('\n'),
    );
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    if (this.pending) {
      clearTimeout(this.pending);
    }
    this.subscription.dispose();
    this.item.dispose();
  }
}

/** "Show Expiring Key Material": reveals the key (after a pick when several keys expire soon). */
export async function showExpiringMaterial(
  keys: KeysTreeProvider,
  options: { keyId?: string } = {},
): Promise<ExpiringKey | undefined> {
  // Clicked while the tree reloads (a refresh, a connection change), the catalogues may be empty or half-loaded.
  await vscode.window.withProgress({ location: { viewId: KEYS_VIEW_ID } }, async () => keys.loaded());
  const expiring = keys.expiringKeys();
  if (expiring.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No imported key material expires within {0} days.', keys.warningDays()),
    );
    return undefined;
  }
  const now = Date.now();
  let chosen = options.keyId
    ? expiring.find((k) => k.keyId === options.keyId || k.arn === options.keyId)
    : expiring.length === 1
      ? expiring[0]
      : undefined;
  if (!chosen) {
    const picked = await vscode.window.showQuickPick(
      expiring.map((k) => ({
        label: k.label,
        description: `${k.region} · ${expiresIn(k.expiresAt, now)}`,
        detail: k.arn,
        key: k,
      })),
      { title: vscode.l10n.t('Key material that expires soon') },
    );
    if (!picked) {
      throw new CancelledError();
    }
    chosen = picked.key;
  }
  await vscode.commands.executeCommand('awsKms.keys.focus');
  await keys.reveal(chosen.arn, chosen.region);
  return chosen;
}
