// UI tests: the extension installed in a real VS Code workbench, driven like a user would.
//   node --test --test-reporter=spec test/ui/workbench.test.mjs   (after scripts/setup-test-host.sh, npm run build)
// Leaves media/screenshots/workbench.png, and a screenshot per test in test-results/ui/ for diagnosis.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../harness/host.mjs';
import { useWorkbench } from './workbench.mjs';

const screenshotFile = path.join(repoRoot, 'media', 'screenshots', 'workbench.png');
const step = { timeout: 60_000 };

describe('AWS KMS in the workbench', () => {
  const wb = useWorkbench(undefined, {
    ready: async (wb) => {
      // The container appears once the server's extension host has scanned the installed extension.
      await wb.activityBarItem('AWS KMS').waitFor();
    },
  });

  it('shows the Keys view when the AWS KMS activity-bar entry is clicked', step, async () => {
    await wb.openViewContainer('AWS KMS');
    assert.equal(await wb.sidebarTitle(), 'AWS KMS: Keys');
    // Some content, whichever it is: its welcome view (depends on the connection state) or its tree.
    await wb.sidebar().locator('.pane-body').filter({ hasText: /\S/ }).first().waitFor();
  });

  it('has an "AWS KMS" output channel that the extension logs to', step, async () => {
    // The channel is created by activate(), so it is listed only if activation ran.
    await wb.runCommandAndPick('Output: Show Output Channels...', 'AWS KMS');
    // A log channel's lines carry their level: at least one line means the logger is wired up.
    await wb
      .panelEditorText()
      .filter({ hasText: /\[(trace|debug|info|warning|error)\]/ })
      .waitFor();
  });

  it('saves a screenshot of the workbench', step, async () => {
    await wb.screenshot(screenshotFile);
    assert.ok(fs.statSync(screenshotFile).size > 10_000, 'screenshot has content');
  });
});
