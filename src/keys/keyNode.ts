import * as vscode from 'vscode';
import type { KeyCatalogue, KeyEntry, RotationInfo } from '../aws/keyCatalogue';
import {
  keyContextValue,
  keyLabel,
  summarizeMaterial,
  supportsAutomaticRotation,
  type MaterialSummary,
} from '../aws/keyStatus';
import { keyChildren } from './keyDetailNodes';
import { day, expiresIn, md, originLabel, stateLabel } from './model/labels';
import { stateIcon, warningIcon } from './stateIcons';
import { KeysNode, type CategoryNode, type KeysTreeContext } from './nodes';

/**
 * A key row: alias (or key id) as the label, state and origin as the description, an icon coloured by state (a
 * warning when its material expires soon), a Markdown tooltip, and `contextValue` tokens for the menus. It reads
 * its entry from the catalogue on every render, so a reload shows through by re-rendering this node.
 */
export class KeyNode extends KeysNode {
  readonly id: string;

  constructor(
    readonly category: CategoryNode,
    readonly keyId: string,
    private readonly ctx: KeysTreeContext,
  ) {
    super(category);
    this.id = this.entry?.arn ?? `${category.id}/${keyId}`;
  }

  get region(): string {
    return this.category.region;
  }
  get catalogue(): KeyCatalogue {
    return this.category.catalogue;
  }
  get entry(): KeyEntry | undefined {
    return this.catalogue.entry(this.keyId);
  }
  get arn(): string {
    return this.entry?.arn ?? this.keyId;
  }
  get label(): string {
    return this.entry ? keyLabel(this.entry) : this.keyId;
  }

  material(): MaterialSummary | undefined {
    const meta = this.entry?.metadata;
    return meta && summarizeMaterial(meta, this.entry?.materials, this.ctx.now(), this.ctx.warningDays());
  }

  treeItem(): vscode.TreeItem {
    const entry = this.entry;
    const item = new vscode.TreeItem(this.label);
    item.id = this.id;
    const meta = entry?.metadata;
    if (!entry || !meta) {
      item.description = entry?.problem
        ? vscode.l10n.t('Cannot describe: {0}', entry.problem.split(':')[0])
        : vscode.l10n.t('Not found');
      item.tooltip = entry?.problem;
      item.iconPath = new vscode.ThemeIcon('lock', new vscode.ThemeColor('disabledForeground'));
      item.contextValue = 'kmsKey manager-unknown state-unknown';
      return item;
    }
    const material = this.material() as MaterialSummary;
    const rotation = this.catalogue.knownRotation(this.keyId);
    const now = this.ctx.now();
    item.description = [
      stateLabel(meta),
      originLabel(meta.Origin),
      // The default symmetric spec goes without saying; an HMAC or asymmetric key names its spec, as the console does.
      ...(meta.KeySpec && meta.KeySpec !== 'SYMMETRIC_DEFAULT' ? [meta.KeySpec] : []),
      ...(material.status === 'expiring' && material.expiresAt !== undefined
        ? [vscode.l10n.t('material {0}', expiresIn(material.expiresAt, now))]
        : []),
    ].join(' · ');
    item.iconPath = material.status === 'expiring' ? warningIcon() : stateIcon(meta);
    item.contextValue = keyContextValue(meta, material, rotation?.automatic, entry.aliases.length);
    item.collapsibleState = this.hasChildren(entry)
      ? vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    // The rotation status costs a request: a key that has one gets its tooltip on hover (resolve()).
    if (!supportsAutomaticRotation(meta) || rotation) {
      item.tooltip = this.tooltip(entry, material, rotation);
    }
    return item;
  }

  override async resolve(item: vscode.TreeItem): Promise<vscode.TreeItem> {
    const entry = this.entry;
    if (item.tooltip !== undefined || !entry?.metadata) {
      return item;
    }
    const rotation = await this.catalogue.rotation(this.keyId).catch((error: unknown) => {
      this.ctx.log.warn(
        `rotation status of ${entry.arn}: ${this.ctx.describeFailure(error, this.region, 'GetKeyRotationStatus')}`,
        'keysTree',
      );
      return undefined;
    });
    item.tooltip = this.tooltip(entry, this.material() as MaterialSummary, rotation);
    return item;
  }

  override async children(): Promise<KeysNode[]> {
    return keyChildren(this, this.ctx);
  }

  private hasChildren(entry: KeyEntry): boolean {
    const meta = entry.metadata;
    return (
      entry.aliases.length > 0 || meta?.Origin === 'EXTERNAL' || (meta !== undefined && supportsAutomaticRotation(meta))
    );
  }

  private tooltip(
    entry: KeyEntry,
    material: MaterialSummary,
    rotation: RotationInfo | undefined,
  ): vscode.MarkdownString {
    const meta = entry.metadata ?? { KeyId: entry.keyId };
    const yes = vscode.l10n.t('Yes');
    const no = vscode.l10n.t('No');
    const lines: [string, string][] = [
      [vscode.l10n.t('ARN'), `\`${entry.arn}\``],
      [vscode.l10n.t('State'), md(stateLabel(meta))],
      [vscode.l10n.t('Key spec'), `${md(meta.KeySpec ?? '?')} · ${md(meta.KeyUsage ?? '?')}`],
      [vscode.l10n.t('Origin'), md(originLabel(meta.Origin))],
      [vscode.l10n.t('Managed by'), meta.KeyManager === 'AWS' ? vscode.l10n.t('AWS') : vscode.l10n.t('Customer')],
      [vscode.l10n.t('Created'), meta.CreationDate ? day(meta.CreationDate) : '?'],
      [vscode.l10n.t('Multi-Region'), meta.MultiRegion ? yes : no],
      [vscode.l10n.t('Automatic rotation'), md(this.rotationText(rotation))],
    ];
    // A key that KMS names no key material for (an AWS_KMS HMAC or asymmetric key) gets no line, not a "—".
    if (meta.CurrentKeyMaterialId) {
      lines.push([vscode.l10n.t('Current key material'), `\`${meta.CurrentKeyMaterialId}\``]);
    } else if (meta.Origin === 'EXTERNAL') {
      lines.push([vscode.l10n.t('Current key material'), vscode.l10n.t('None imported')]);
    }
    if (material.expiresAt !== undefined) {
      lines.push([
        vscode.l10n.t('Key material expires'),
        `${day(material.expiresAt)} (${md(expiresIn(material.expiresAt, this.ctx.now()))})`,
      ]);
    } else if (material.status === 'imported') {
      lines.push([vscode.l10n.t('Key material expires'), vscode.l10n.t('Never')]);
    }
    if (entry.aliases.length > 0) {
      lines.push([vscode.l10n.t('Aliases'), entry.aliases.map((a) => `\`${a}\``).join(', ')]);
    }
    if (meta.Description) {
      lines.push([vscode.l10n.t('Description'), md(meta.Description)]);
    }
    const tooltip = new vscode.MarkdownString(
      `**${md(this.label)}**\n\n${lines.map(([k, v]) => `${md(k)}: ${v}`).join('  \n')}`,
    );
    return tooltip;
  }

  private rotationText(rotation: RotationInfo | undefined): string {
    const meta = this.entry?.metadata;
    if (!meta || !supportsAutomaticRotation(meta)) {
      return vscode.l10n.t('Not available for this key');
    }
    if (!rotation) {
      return vscode.l10n.t('Unknown');
    }
    if (!rotation.automatic) {
      return vscode.l10n.t('Off');
    }
    return rotation.periodInDays
      ? vscode.l10n.t({
          message: 'On, every {0} days',
          args: [rotation.periodInDays],
          comment: ['{0} is a number of days'],
        })
      : vscode.l10n.t('On');
  }
}
