// UI test: the connection as a user meets it — the playground folder (what `npm start` opens) selects the
// sandbox, the status bar says so (and that the folder's settings chose it), and clicking it offers the connections to switch to.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { playground, useWorkbench } from './workbench.mjs';

const step = { timeout: 60_000 };

describe('AWS KMS connection in the workbench', () => {
  const wb = useWorkbench('connection', {
    open: () => ({ workspace: playground }),
    ready: async (wb) => {
      await wb.activityBarItem('AWS KMS').waitFor();
    },
  });

  it(
    'shows the sandbox connection in the status bar, on a warning background so it cannot pass for AWS',
    step,
    async () => {
      const item = wb.statusBarItem('Sandbox');
      await item.waitFor();
      assert.match(await item.innerText(), /Sandbox/);
      assert.match((await item.getAttribute('class')) ?? '', /\bwarning-kind\b/);
    },
  );

  it('says that the playground folder chose the sandbox, in the text and the tooltip', step, async () => {
    const item = wb.statusBarItem('Sandbox');
    assert.match((await item.textContent()).replace(/\s+/g, ' '), /Sandbox · workspace settings/);
    await wb.waitForTooltip(item, 'Connection from workspace settings: sandbox');
  });

  it('offers the sandbox when the status-bar item is clicked', step, async () => {
    await wb.statusBarItem('Sandbox').click();
    await wb.page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'local KMS, no AWS account needed' })
      .waitFor();
    await wb.page.keyboard.press('Escape');
  });

  it('Select Region on the sandbox says it serves one region, and offers an AWS connection instead', step, async () => {
    await wb.runCommand('AWS KMS: Select Region…');
    await wb.page
      .locator('.quick-input-widget .quick-input-title', { hasText: 'the sandbox serves only us-east-1' })
      .waitFor();
    await wb.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Select Connection…' })
      .waitFor();
    await wb.page.keyboard.press('Escape');
    await wb.quickInput().waitFor({ state: 'hidden' });
    await wb.statusBarItem('Sandbox').waitFor();
  });
});
