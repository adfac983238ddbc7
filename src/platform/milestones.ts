import * as vscode from 'vscode';
import type { Milestone } from '../shared/milestones';
import { setContext } from './contextKeys';

export type { Milestone } from '../shared/milestones';

/**
 * Things the user has really done, which the walkthrough's steps complete on
 * (`"completionEvents": ["onContext:awsKms.done.<milestone>"]` in package.json). Each is set by the code that did the
 * work, after it succeeded, so a step never completes on a click alone.
 *
 * The context key alone is not enough: VS Code's walkthrough service, created when the Welcome page first opens,
 * treats a context that already holds at that moment as seen but never ticks its step (and no later change does).
 * The playground that `npm start` opens is on the sandbox before anyone opens the walkthrough, so "Connect" never
 * ticked. So a reached milestone also marks its steps complete directly (welcome.markStepComplete), once all the
 * milestones a step waits for are reached; VS Code keeps that progress across restarts.
 */
const reached = new Set<Milestone>();
let steps: { id: string; needs: Milestone[] }[] = [];

interface ManifestStep { id: string; completionEvents?: string[] }
interface ManifestWalkthrough { id: string; steps: ManifestStep[] }

/** Reads which milestones each walkthrough step of the manifest waits for. */
export function configureWalkthroughSteps(extensionId: string, walkthroughs: readonly ManifestWalkthrough[]): void {
  steps = walkthroughs.flatMap((walkthrough) => walkthrough.steps.map((step) => ({
    id: `${extensionId}#${walkthrough.id}#${step.id}`,
    needs: (step.completionEvents ?? []).flatMap((event) => [...event.matchAll(/awsKms\.done\.(\w+)/g)].map((m) => m[1] as Milestone)),
  })));
}

export function reachMilestone(milestone: Milestone): void {
  if (reached.has(milestone)) { return; }
  reached.add(milestone);
  setContext(`awsKms.done.${milestone}`, true);
  for (const step of steps) {
    if (step.needs.includes(milestone) && step.needs.every((needed) => reached.has(needed))) {
      // A workbench without the walkthrough service (or an older one) has no such command; the context key stays.
      void vscode.commands.executeCommand('welcome.markStepComplete', step.id).then(undefined, () => undefined);
    }
  }
}

/** What has been reached in this session: context keys cannot be read back, and the walkthrough test needs to. */
export function reachedMilestones(): ReadonlySet<Milestone> {
  return reached;
}
