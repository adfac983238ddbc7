import * as vscode from 'vscode';
import type { RotationsListEntry } from '@aws-sdk/client-kms';
import type { RotationInfo } from '../aws/keyCatalogue';
import {
  expiresWithin,
  hasKeyMaterialRotations,
  materialContextValue,
  supportsAutomaticRotation,
} from '../aws/keyStatus';
import { AWS_ALIAS } from '../aws/keyListings';
import type { KeyNode } from './keyNode';
import { day, expiresIn, importStateLabel, materialStateLabel, md, shortMaterialId } from './model/labels';
import { warningIcon } from './stateIcons';
import { childrenOrMessage, KeysNode, type KeysTreeContext } from './nodes';

/**
 * The rows under a key: its key materials (EXTERNAL keys), its rotation status (AWS_KMS symmetric keys), and its
 * aliases. What the console shows on its "Key material and rotations" and "Aliases" tabs.
 */
export async function keyChildren(key: KeyNode, ctx: KeysTreeContext): Promise<KeysNode[]> {
  return childrenOrMessage(
    key,
    ctx,
    {
      what: `loading the key material of ${key.arn}`,
      region: key.region,
      operation: 'ListKeyRotations',
      label: vscode.l10n.t('Failed to load key material — click for log'),
    },
    vscode.l10n.t('[No aliases]'),
    async () => {
      const entry = key.entry;
      const meta = entry?.metadata;
      if (!entry || !meta) {
        return [];
      }
      const rows: KeysNode[] = [];
      if (meta.Origin === 'EXTERNAL') {
        const materials = hasKeyMaterialRotations(meta) ? await key.catalogue.materials(key.keyId) : [];
        if (materials.length > 0) {
          rows.push(...materials.map((m) => new MaterialNode(key, m, ctx)));
        } else if (meta.ExpirationModel !== undefined) {
          rows.push(
            new InfoNode(
              key,
              'material',
              vscode.l10n.t('Key material'),
              [
                vscode.l10n.t('Imported'),
                meta.ValidTo ? expiresIn(meta.ValidTo, ctx.now()) : vscode.l10n.t('does not expire'),
              ].join(' · '),
              'pass',
            ),
          );
        } else {
          rows.push(new ImportActionNode(key));
        }
      } else if (supportsAutomaticRotation(meta)) {
        rows.push(...rotationRows(key, await key.catalogue.rotation(key.keyId)));
      }
      rows.push(...entry.aliases.map((alias) => new AliasNode(key, alias)));
      return rows;
    },
  );
}

function rotationRows(key: KeyNode, rotation: RotationInfo): KeysNode[] {
  const rows: KeysNode[] = [
    rotation.automatic
      ? new InfoNode(
          key,
          'rotation',
          vscode.l10n.t('Automatic rotation'),
          rotation.periodInDays
            ? vscode.l10n.t({
                message: 'every {0} days',
                args: [rotation.periodInDays],
                comment: ['{0} is a number of days'],
              })
            : vscode.l10n.t('on'),
          'sync',
        )
      : new InfoNode(key, 'rotation', vscode.l10n.t('Automatic rotation'), vscode.l10n.t('off'), 'sync-ignored'),
  ];
  if (rotation.automatic && rotation.nextRotation) {
    rows.push(
      new InfoNode(key, 'next-rotation', vscode.l10n.t('Next rotation'), day(rotation.nextRotation), 'calendar'),
    );
  }
  const last = rotation.lastRotation;
  rows.push(
    last
      ? new InfoNode(
          key,
          'last-rotation',
          vscode.l10n.t('Last rotation'),
          `${day(last.date)} (${last.type === 'ON_DEMAND' ? vscode.l10n.t('on demand') : vscode.l10n.t('automatic')})`,
          'history',
        )
      : new InfoNode(key, 'last-rotation', vscode.l10n.t('Last rotation'), vscode.l10n.t('never rotated'), 'history'),
  );
  if (rotation.onDemandRotationStarted) {
    rows.push(
      new InfoNode(key, 'rotating', vscode.l10n.t('On-demand rotation'), vscode.l10n.t('in progress'), 'loading~spin'),
    );
  }
  return rows;
}

export class MaterialNode extends KeysNode {
  readonly id: string;

  constructor(
    readonly key: KeyNode,
    readonly material: RotationsListEntry,
    private readonly ctx: KeysTreeContext,
  ) {
    super(key);
    this.id = `${key.id}/material/${material.KeyMaterialId ?? '?'}`;
  }

  treeItem(): vscode.TreeItem {
    const m = this.material;
    const now = this.ctx.now();
    const imported = m.ImportState === 'IMPORTED';
    const expiring = imported && expiresWithin(m.ValidTo?.getTime(), now, this.ctx.warningDays());
    const expiry = !imported ? undefined : m.ValidTo ? expiresIn(m.ValidTo, now) : vscode.l10n.t('does not expire');
    const item = new vscode.TreeItem(shortMaterialId(m.KeyMaterialId), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [materialStateLabel(m), importStateLabel(m), expiry, m.KeyMaterialDescription]
      .filter(Boolean)
      .join(' · ');
    item.iconPath = expiring
      ? warningIcon()
      : !imported
        ? new vscode.ThemeIcon('cloud-upload', new vscode.ThemeColor('charts.yellow'))
        : m.KeyMaterialState === 'CURRENT'
          ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'))
          : m.KeyMaterialState === 'PENDING_ROTATION'
            ? new vscode.ThemeIcon('clock')
            : new vscode.ThemeIcon('history');
    item.contextValue = materialContextValue(m, now, this.ctx.warningDays());
    if (!imported) {
      // Deleted or expired material: a click opens the key's page, where it is re-imported from its backup.
      item.command = {
        command: 'awsKms.key.importMaterial',
        title: vscode.l10n.t('Import Key Material'),
        arguments: [this.key.arn],
      };
    }
    const lines = [
      `${md(vscode.l10n.t('Key material'))}: \`${m.KeyMaterialId ?? '?'}\``,
      `${md(vscode.l10n.t('State'))}: ${md([materialStateLabel(m), importStateLabel(m)].filter(Boolean).join(', '))}`,
      ...(expiry
        ? [`${md(vscode.l10n.t('Expiry'))}: ${m.ValidTo ? `${day(m.ValidTo)} (${md(expiry)})` : md(expiry)}`]
        : []),
      ...(m.RotationDate ? [`${md(vscode.l10n.t('Became current'))}: ${day(m.RotationDate)}`] : []),
      ...(m.KeyMaterialDescription ? [`${md(vscode.l10n.t('Description'))}: ${md(m.KeyMaterialDescription)}`] : []),
    ];
    item.tooltip = new vscode.MarkdownString(lines.join('  \n'));
    return item;
  }
}

export class AliasNode extends KeysNode {
  readonly id: string;

  constructor(
    readonly key: KeyNode,
    readonly aliasName: string,
  ) {
    super(key);
    this.id = `${key.id}/alias/${aliasName}`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.aliasName, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = vscode.l10n.t('alias');
    item.iconPath = new vscode.ThemeIcon('link');
    item.contextValue = AWS_ALIAS.test(this.aliasName) ? 'kmsAlias alias-aws' : 'kmsAlias alias-customer';
    return item;
  }
}

/** A read-only fact row: rotation status, dates, the material of a key without rotations. */
export class InfoNode extends KeysNode {
  readonly id: string;

  constructor(
    key: KeyNode,
    kind: string,
    readonly label: string,
    readonly value: string,
    readonly icon: string,
  ) {
    super(key);
    this.id = `${key.id}/info/${kind}`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.value;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'kmsKeyInfo';
    return item;
  }
}

/** "Pending import — import key material": the key has no material yet; a click opens the import flow. */
export class ImportActionNode extends KeysNode {
  readonly id: string;

  constructor(readonly key: KeyNode) {
    super(key);
    this.id = `${key.id}/import`;
  }

  treeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(
      vscode.l10n.t('Pending import — import key material'),
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('cloud-upload', new vscode.ThemeColor('charts.yellow'));
    item.contextValue = 'kmsImportAction';
    item.command = {
      command: 'awsKms.key.importMaterial',
      title: vscode.l10n.t('Import Key Material'),
      arguments: [this.key.arn],
    };
    return item;
  }
}
