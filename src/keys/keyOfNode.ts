import { AliasNode, ImportActionNode, MaterialNode } from './keyDetailNodes';
import { KeyNode } from './keyNode';

/**
 * The key a Keys view row stands for: a key row itself, or the key of one of its alias, key material or import
 * rows. The one place that maps rows to keys, for command arguments and for the view's selection alike.
 */
export function keyOfNode(node: unknown): KeyNode | undefined {
  if (node instanceof KeyNode) {
    return node;
  }
  return node instanceof AliasNode || node instanceof MaterialNode || node instanceof ImportActionNode
    ? node.key
    : undefined;
}
