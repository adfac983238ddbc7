import * as vscode from 'vscode';
import type { KeysNode } from './nodes';

/**
 * What the Keys view has shown and fetched, for reveal: which rows are expanded (VS Code fetches no children under
 * a collapsed row) and a way to wait for VS Code's next fetch of a row's children.
 */
export class TreeFetches {
  /** Ids of rows the user collapsed or expanded, against their initial state. */
  private readonly expansion = new Map<string, boolean>();
  /** Reveals waiting for VS Code's next fetch of a node's children. */
  private readonly waiters = new Map<KeysNode, (() => void)[]>();

  attach(view: vscode.TreeView<KeysNode>): vscode.Disposable {
    return vscode.Disposable.from(
      view.onDidExpandElement(({ element }) => this.expansion.set(element.id, true)),
      view.onDidCollapseElement(({ element }) => this.expansion.set(element.id, false)),
    );
  }

  /** Whether VS Code shows the children of a row (its initial state, until the user toggles it). */
  isExpanded(node: KeysNode): boolean {
    return this.expansion.get(node.id) ?? node.treeItem().collapsibleState === vscode.TreeItemCollapsibleState.Expanded;
  }

  /** Runs a fetch of `node`'s children, then releases the reveals that were waiting before it started. */
  async fetch<T>(node: KeysNode, children: () => Promise<T>): Promise<T> {
    // Only reveals that were waiting before this fetch started: an older fetch may lack their key.
    const waiting = this.waiters.get(node)?.splice(0) ?? [];
    try {
      return await children();
    } finally {
      waiting.forEach((resolve) => resolve());
    }
  }

  /**
   * Resolves when VS Code has fetched `node`'s children once more, or after 5 s: a view that is hidden or gone
   * does not fetch, and the reveal then fetches what it needs itself.
   */
  async nextFetch(node: KeysNode): Promise<void> {
    const all = this.waiters;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 5_000);
      const waiters = all.get(node) ?? [];
      all.set(node, waiters);
      waiters.push(done);
      function done(): void {
        clearTimeout(timer);
        const index = waiters.indexOf(done);
        if (index >= 0) {
          waiters.splice(index, 1);
        }
        if (waiters.length === 0 && all.get(node) === waiters) {
          all.delete(node);
        }
        resolve();
      }
    });
  }
}
