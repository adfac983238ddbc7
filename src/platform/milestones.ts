import { setContext } from './contextKeys';

/**
 * Things the user has really done, which the walkthrough's steps complete on
 * (`"completionEvents": ["onContext:awsKms.done.<milestone>"]` in package.json). Each is set by the code that did the
 * work, after it succeeded, so a step never completes on a click alone.
 */
export type Milestone =
  | 'connected'
  | 'keyCreated'
  | 'materialImported'
  | 'materialDeleted'
  | 'materialReimported'
  | 'fileEncrypted'
  | 'fileDecrypted'
  | 'decryptRefusedPendingImport'
  | 'dataKeyGenerated'
  | 'fileReencrypted';

export function reachMilestone(milestone: Milestone): void {
  setContext(`awsKms.done.${milestone}`, true);
}
