import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Progress, RunControl } from '../aws/envelope/types';

/** What a caller (a test, another extension) may pass to follow or cancel a file command besides the notification. */
export interface ExternalControl {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
}

const PHASE_LABEL: Record<Progress['phase'], string> = {
  encrypting: 'encrypting',
  decrypting: 'decrypting',
  verifying: 'verifying',
  writing: 'writing',
};

/**
 * Runs file work under one cancellable progress notification: Cancel (or the caller's signal) aborts the engine,
 * which leaves every file it had not finished exactly as it was. Progress is the share of all input bytes processed.
 */
export async function withFileProgress<T>(
  title: string,
  sizes: Map<string, number>,
  external: ExternalControl,
  work: (control: RunControl) => Promise<T>,
): Promise<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (report, token) => {
      const abort = new AbortController();
      const cancel = (): void => {
        abort.abort();
      };
      const subscription = token.onCancellationRequested(cancel);
      if (external.signal?.aborted) {
        cancel();
      }
      external.signal?.addEventListener('abort', cancel, { once: true });
      const total = Math.max(
        1,
        [...sizes.values()].reduce((a, b) => a + b, 0),
      );
      const finished = new Map<string, number>();
      let shown = 0;
      try {
        return await work({
          signal: abort.signal,
          onProgress: (progress) => {
            external.onProgress?.(progress);
            // Each file counts once by its size; its phases split it evenly so the bar never goes back.
            const size = sizes.get(progress.path) ?? 0;
            const phaseShare = progress.bytesTotal > 0 ? progress.bytesDone / progress.bytesTotal : 1;
            const phaseIndex = progress.phase === 'encrypting' || progress.phase === 'decrypting' ? 0 : 1;
            finished.set(
              progress.path,
              Math.max(finished.get(progress.path) ?? 0, (size * (phaseIndex + phaseShare)) / 2),
            );
            const percent = (100 * [...finished.values()].reduce((a, b) => a + b, 0)) / total;
            const increment = percent - shown;
            if (increment > 0) {
              shown = percent;
            }
            report.report({
              message: `${basename(progress.path)}: ${PHASE_LABEL[progress.phase]}`,
              ...(increment > 0 && { increment }),
            });
          },
        });
      } finally {
        subscription.dispose();
        external.signal?.removeEventListener('abort', cancel);
      }
    },
  );
}
