import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { MILESTONES, type Milestone } from '../shared/milestones';
import { setContext } from '../platform/contextKeys';

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
 * milestones a step waits for are reached.
 */
const reached = new Set<Milestone>();
let steps: { id: string; needs: Milestone[] }[] = [];
let keptIn: vscode.Uri | undefined;
let restoring = false;

/**
 * Reached milestones are kept in a file of the extension's global storage too. VS Code keeps walkthrough progress in
 * the workbench's own storage, which for the browser workbench of `npm start` is the browser's, per origin (and so is
 * the extension's globalState): every start has a new port, so that progress was lost at each restart. The global
 * storage folder is on disk, in the profile `npm start` keeps.
 */
const KEPT_FILE = 'walkthrough-milestones.json';

interface ManifestStep {
  id: string;
  completionEvents?: string[];
}
interface ManifestWalkthrough {
  id: string;
  steps: ManifestStep[];
}

/** Reads which milestones each walkthrough step of the manifest waits for, then restores the milestones kept in `storage`. */
export function configureWalkthroughSteps(
  extensionId: string,
  walkthroughs: readonly ManifestWalkthrough[],
  storage: vscode.Uri,
): void {
  steps = walkthroughs.flatMap((walkthrough) =>
    walkthrough.steps.map((step) => ({
      id: `${extensionId}#${walkthrough.id}#${step.id}`,
      needs: (step.completionEvents ?? []).flatMap((event) =>
        [...event.matchAll(/awsKms\.done\.(\w+)/g)].map((m) => m[1] as Milestone),
      ),
    })),
  );
  keptIn = vscode.Uri.joinPath(storage, KEPT_FILE);
  let kept: unknown = [];
  try {
    kept = JSON.parse(readFileSync(keptIn.fsPath, 'utf8'));
  } catch {
    // none kept yet (or unreadable): start from nothing
  }
  restoring = true;
  for (const milestone of Array.isArray(kept) ? kept : []) {
    if ((MILESTONES as readonly unknown[]).includes(milestone)) {
      reachMilestone(milestone as Milestone);
    }
  }
  restoring = false;
}

/**
 * Writes the reached milestones at once, synchronously: the file is tiny and written a few times per session, and a
 * Ctrl+C right after a step (npm start) must not lose it. A failure only costs the progress after a restart.
 */
function keep(): void {
  if (!keptIn || restoring) {
    return;
  }
  try {
    mkdirSync(dirname(keptIn.fsPath), { recursive: true });
    writeFileSync(keptIn.fsPath, JSON.stringify([...reached]));
  } catch {
    // the walkthrough's progress in this session is unaffected
  }
}

export function reachMilestone(milestone: Milestone): void {
  if (reached.has(milestone)) {
    return;
  }
  reached.add(milestone);
  keep();
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
