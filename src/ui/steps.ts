import * as vscode from 'vscode';
import { CancelledError } from '../core/errors';

/**
 * A few questions in a row, asked as one wizard: "Title (2/3)" counts only the questions really asked (a preset
 * answer skips its question), and every question after the first has a Back button.
 */

export const BACK = Symbol('back');
export type Back = typeof BACK;

export interface StepPosition {
  step: number;
  total: number;
}
export type Step = (position: StepPosition) => Promise<void | Back>;

/** A step that asks (an input or pick of this file) and keeps the answer; Back goes back without keeping anything. */
export function answered<T>(ask: (position: StepPosition) => Promise<T | Back>, keep: (answer: T) => void): Step {
  return async (position) => {
    const answer = await ask(position);
    if (answer === BACK) {
      return BACK;
    }
    keep(answer);
    return undefined;
  };
}

/** Runs the steps in order; Back re-asks the previous one. Escape anywhere cancels (CancelledError). */
export async function runSteps(steps: Step[]): Promise<void> {
  for (let index = 0; index < steps.length;) {
    const outcome = await (steps[index] as Step)({ step: index + 1, total: steps.length });
    index = outcome === BACK ? Math.max(0, index - 1) : index + 1;
  }
}

/** "Title (2/3)", or just the title when only one question is asked. */
export function stepTitle(title: string, position: StepPosition): string {
  return position.total > 1 ? `${title} (${position.step}/${position.total})` : title;
}

export interface InputStepOptions {
  title: string;
  prompt: string;
  value?: string;
  valueSelection?: [number, number];
  validateInput?: (value: string) => string | undefined;
}

/** An input box of a wizard: resolves with the accepted text, or BACK. */
export async function inputStep(position: StepPosition, options: InputStepOptions): Promise<string | Back> {
  const box = vscode.window.createInputBox();
  box.title = stepTitle(options.title, position);
  box.prompt = options.prompt;
  box.value = options.value ?? '';
  if (options.valueSelection) {
    box.valueSelection = options.valueSelection;
  }
  box.ignoreFocusOut = true;
  box.buttons = position.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  const validate = (): string | undefined => options.validateInput?.(box.value);
  return settle<string>(box, (resolve) => [
    box.onDidChangeValue(() => {
      box.validationMessage = validate();
    }),
    box.onDidAccept(() => {
      box.validationMessage = validate();
      if (!box.validationMessage) {
        resolve(box.value);
      }
    }),
  ]);
}

/** A single-choice quick pick of a wizard: resolves with the accepted item, or BACK. */
export async function pickStep<T extends vscode.QuickPickItem>(
  position: StepPosition,
  items: T[],
  options: { title: string; matchOnDescription?: boolean },
): Promise<T | Back> {
  const pick = vscode.window.createQuickPick<T>();
  pick.title = stepTitle(options.title, position);
  pick.items = items;
  pick.matchOnDescription = options.matchOnDescription ?? false;
  pick.ignoreFocusOut = true;
  pick.buttons = position.step > 1 ? [vscode.QuickInputButtons.Back] : [];
  return settle<T>(pick, (resolve) => [
    pick.onDidAccept(() => {
      const [item] = pick.selectedItems;
      if (item) {
        resolve(item);
      }
    }),
  ]);
}

/** Shows the input until it is answered (value), goes back (BACK) or is hidden (cancelled); then disposes it. */
async function settle<T>(
  input: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>,
  wire: (resolve: (value: T) => void) => vscode.Disposable[],
): Promise<T | Back> {
  const listeners: vscode.Disposable[] = [];
  try {
    return await new Promise<T | Back>((resolve, reject) => {
      let done = false;
      const finish = (value: T | Back): void => {
        done = true;
        resolve(value);
      };
      listeners.push(
        ...wire(finish),
        input.onDidTriggerButton((button) => {
          if (button === vscode.QuickInputButtons.Back) {
            finish(BACK);
          }
        }),
        input.onDidHide(() => {
          if (!done) {
            reject(new CancelledError());
          }
        }),
      );
      input.show();
    });
  } finally {
    listeners.forEach((listener) => listener.dispose());
    input.dispose();
  }
}
