import type { Milestone } from '../shared/milestones';
import { setContext } from './contextKeys';

export type { Milestone } from '../shared/milestones';

/**
 * Things the user has really done, which the walkthrough's steps complete on
 * (`"completionEvents": ["onContext:awsKms.done.<milestone>"]` in package.json). Each is set by the code that did the
 * work, after it succeeded, so a step never completes on a click alone.
 */
const reached = new Set<Milestone>();

export function reachMilestone(milestone: Milestone): void {
  reached.add(milestone);
  setContext(`awsKms.done.${milestone}`, true);
}

/** What has been reached in this session: context keys cannot be read back, and the walkthrough test needs to. */
export function reachedMilestones(): ReadonlySet<Milestone> {
  return reached;
}
