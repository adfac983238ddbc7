// UI test: the "Bring your own key material" walkthrough walked end to end through its own buttons, as a new user
// does in the playground that `npm start` opens: the workspace is already on the sandbox, so "Connect" is done at
// once; every other button is clicked with the walkthrough tab active (not the sample file's editor), and each step
// ticks only after its work really happened. Prompts are answered by typing and clicking; no command arguments.
//   node --test --test-reporter=spec test/ui/walkthroughButtons.test.mjs   (after scripts/setup-test-host.sh, npm run build)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answerFileDialog, playground, useWorkbench } from './workbench.mjs';

const step = { timeout: 120_000 };
const TITLE = 'Bring your own key material with AWS KMS';
const SAMPLE = 'kms-walkthrough-sample.txt';

describe('the BYOK walkthrough, walked through its own buttons', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-ui-walkthrough-'));
  const workspace = path.join(dir, 'playground');
  const backup = path.join(dir, 'walkthrough-key-material.bin');
  const suffix = Date.now().toString(36);
  const alias = `walkthrough-${suffix}`;
  const secondAlias = `walkthrough-new-${suffix}`;
  let sampleText;

  const stepRow = (id) => wb.page.locator(`.getting-started-step[data-step-id$="#awsKms.byok#${id}"]`);
  const ticked = (id) =>
    wb.page.locator(`.getting-started-step[aria-checked="true"][data-step-id$="#awsKms.byok#${id}"]`);
  const keyMaterialPage = () =>
    wb.page.locator('iframe.webview.ready:visible').contentFrame().frameLocator('#active-frame');

  /**
   * Brings the walkthrough's tab to the front (it stays open beside the editors the buttons open). A click on the
   * Welcome tab while it is active goes back to the list of walkthroughs; from there, open ours again, as a person would.
   */
  async function showWalkthrough() {
    const tab = wb.page.locator('.tabs-container .tab', { hasText: 'Welcome' }).first();
    if ((await tab.getAttribute('aria-selected')) !== 'true') {
      await tab.click();
    }
    const details = wb.page.locator('.gettingStartedSlideDetails', { hasText: TITLE }).first();
    await wb.page.locator('.gettingStartedContainer').first().waitFor();
    if (!(await details.isVisible())) {
      await wb.page
        .locator('.gettingStartedSlideCategories button', { hasText: 'Bring your own key material' })
        .first()
        .click();
    }
    await details.waitFor();
  }

  /**
   * Opens a step (unless it is open) and clicks one of its buttons, with the walkthrough as the active editor. Opening
   * a step focuses it again a moment later (after its animation; at once with reduced motion, see useWorkbench), which
   * would take the focus from a prompt the button had just opened: wait for that focus first.
   */
  async function clickButton(stepId, name) {
    await showWalkthrough();
    if ((await stepRow(stepId).getAttribute('aria-expanded')) !== 'true') {
      await stepRow(stepId).click();
      await stepRow(stepId).and(wb.page.locator(':focus')).waitFor();
    }
    await stepRow(stepId).getByRole('button', { name, exact: true }).click();
  }

  /** Waits for the quick input whose title contains `text`. */
  const inputTitled = async (text) =>
    wb.page.locator('.quick-input-widget .quick-input-title', { hasText: text }).waitFor();

  /** Types into the alias box once it has the focus and its "alias/" prefix (keys typed earlier would go elsewhere). */
  async function typeAlias(name) {
    await wb.page.locator('.quick-input-widget .quick-input-box input:focus').waitFor();
    for (
      const end = Date.now() + 10_000;
      (await wb.quickInput().inputValue()) !== 'alias/';
      await new Promise((r) => {
        setTimeout(r, 50);
      })
    ) {
      if (Date.now() > end) {
        throw new Error(`the alias box holds "${await wb.quickInput().inputValue()}", not "alias/"`);
      }
    }
    await wb.page.keyboard.type(name);
    assert.equal(await wb.quickInput().inputValue(), `alias/${name}`);
    await wb.page.keyboard.press('Enter');
  }

  const wb = useWorkbench('walkthroughButtons', {
    open: () => {
      fs.cpSync(playground, workspace, { recursive: true });
      return { workspace };
    },
    ready: async (wb) => {
      // The Welcome page animates opening a step and focuses it 250 ms later; reduced motion makes that immediate.
      await wb.page.emulateMedia({ reducedMotion: 'reduce' });
      await wb.statusBarItem('Sandbox').waitFor();
      await wb.runCommandAndPick('Welcome: Open Walkthrough...', TITLE);
      await wb.page.locator('.gettingStartedSlideDetails', { hasText: TITLE }).first().waitFor();
    },
    cleanup: () => {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });

  it('1. "Connect" is done already: the playground is on the sandbox', step, async () => {
    await ticked('connect').waitFor();
    assert.equal(
      await wb.page.locator('.getting-started-step[aria-checked="true"][data-step-id*="#awsKms.byok#"]').count(),
      1,
    );
  });

  it('2. "Create Key" asks only for the alias, unnumbered and without Back, and makes the key', step, async () => {
    await clickButton('createKey', 'Create Key');
    await inputTitled('alias (optional)');
    const title = await wb.page.locator('.quick-input-widget .quick-input-title').innerText();
    assert.doesNotMatch(title, /\(\d\/\d\)/, 'the only question asked is not "3/4"');
    assert.equal(
      await wb.page.locator('.quick-input-widget .codicon-quick-input-back').count(),
      0,
      'no Back on the first question',
    );
    await typeAlias(alias);
    await showWalkthrough();
    await ticked('createKey').waitFor();
  });

  it('3. "Import Key Material" opens the key\'s page; importing there ticks the step', step, async () => {
    await clickButton('importMaterial', 'Import Key Material');
    await wb.quickPick(alias);
    await wb.page.locator('.tab', { hasText: `Key material: ${alias}` }).waitFor();
    const page = keyMaterialPage();
    await page.locator('#get-parameters').click();
    await page.locator('#parameters-status', { hasText: 'RSAES_OAEP_SHA_256' }).waitFor();
    await page.locator('#generate').click();
    await page.locator('#save-backup').click();
    await answerFileDialog(wb, backup);
    await page.locator('#backup-status', { hasText: backup }).waitFor();
    await page.locator('#import').click();
    await page.locator('#notice', { hasText: 'Imported key material' }).waitFor();
    await showWalkthrough();
    await ticked('importMaterial').waitFor();
  });

  it(
    '4. "Encrypt File" before there is a sample offers to create one or pick a file; Escape changes nothing',
    step,
    async () => {
      await clickButton('encryptFile', 'Encrypt File');
      await inputTitled('sample file does not exist');
      // Each row's first label is its name (its detail line has a label of its own).
      const rows = await wb.page
        .locator('.quick-input-widget .quick-input-list .monaco-list-row')
        .evaluateAll((list) => list.map((row) => row.querySelector('.label-name')?.textContent?.trim()));
      await wb.page.keyboard.press('Escape');
      await wb.quickInput().waitFor({ state: 'hidden' });
      assert.deepEqual(rows, ['Create Sample File', 'Pick a File…']);
      assert.ok(!fs.existsSync(path.join(workspace, SAMPLE)), 'no file was made');
    },
  );

  it(
    '4. "Create Sample File", then "Encrypt File" with the walkthrough tab active, encrypts the sample',
    step,
    async () => {
      await clickButton('encryptFile', 'Create Sample File');
      await wb.page.locator('.tab.active', { hasText: SAMPLE }).waitFor();
      sampleText = fs.readFileSync(path.join(workspace, SAMPLE), 'utf8');
      await clickButton('encryptFile', 'Encrypt File'); // the walkthrough is the active editor again
      await wb.quickPickOnly(`alias/${alias}`);
      const dialog = wb.page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      assert.match(await dialog.innerText(), new RegExp(`Encrypt ${SAMPLE.replace(/\./g, '\\.')} in place\\?`));
      await wb.clickDialogButton('Encrypt');
      await wb.notification(`Encrypted ${SAMPLE}`).waitFor();
      assert.equal(fs.readFileSync(path.join(workspace, SAMPLE)).subarray(0, 4).toString('latin1'), 'AgV4');
      await showWalkthrough();
      await ticked('encryptFile').waitFor();
    },
  );

  it('5. "Delete Imported Key Material", then "Decrypt File" is refused with "pending import"', step, async () => {
    await clickButton('deleteMaterial', 'Delete Imported Key Material');
    await wb.quickPick(alias);
    await wb.page.locator('.monaco-dialog-box', { hasText: 'Pending import' }).waitFor();
    await wb.clickDialogButton('Delete Key Material');
    await inputTitled('Delete imported key material');
    await wb.page.keyboard.type(alias);
    await wb.page.keyboard.press('Enter');
    await wb.quickInput().waitFor({ state: 'hidden' });
    const sealed = fs.readFileSync(path.join(workspace, SAMPLE));
    await wb.runCommand('Notifications: Clear All Notifications');
    await clickButton('deleteMaterial', 'Decrypt File');
    await wb.notification('is pending import').waitFor();
    assert.ok(fs.readFileSync(path.join(workspace, SAMPLE)).equals(sealed), 'the sample stays encrypted');
    await showWalkthrough();
    await ticked('deleteMaterial').waitFor();
  });

  it('6. "Import Key Material" re-imports the backup; "Decrypt File" restores the sample', step, async () => {
    await clickButton('reimportMaterial', 'Import Key Material');
    await wb.quickPick(alias);
    const page = keyMaterialPage();
    await page.locator('#load-material').click();
    await answerFileDialog(wb, backup);
    await page.locator('#material-status', { hasText: path.basename(backup) }).waitFor();
    await page.locator('#import').click();
    await page.locator('#notice', { hasText: 'Imported key material' }).waitFor();
    await wb.runCommand('Notifications: Clear All Notifications');
    await clickButton('reimportMaterial', 'Decrypt File');
    await wb.notification(`Decrypted ${SAMPLE}`).waitFor();
    assert.equal(fs.readFileSync(path.join(workspace, SAMPLE), 'utf8'), sampleText);
    await showWalkthrough();
    await ticked('reimportMaterial').waitFor();
  });

  it('7. "Generate Data Key" shows the CLI-shaped answer', step, async () => {
    await clickButton('dataKey', 'Generate Data Key');
    await wb.quickPick(`alias/${alias}`);
    await wb.page.locator('.monaco-editor .view-lines', { hasText: '"CiphertextBlob"' }).first().waitFor();
    await showWalkthrough();
    await ticked('dataKey').waitFor();
  });

  it(
    '8. "Create Key" (with Back in its wizard), then "Re-encrypt File" moves the sample to the new key',
    step,
    async () => {
      // The sample is plaintext since step 6: encrypt it again through step 4's button first.
      await clickButton('encryptFile', 'Encrypt File');
      await wb.quickPickOnly(`alias/${alias}`);
      await wb.clickDialogButton('Encrypt');
      await wb.notification(`Encrypted ${SAMPLE}`).waitFor();

      await clickButton('reencrypt', 'Create Key');
      await inputTitled('(1/4)');
      await wb.quickPick('Encrypt and decrypt');
      await inputTitled('(2/4)');
      await wb.page.locator('.quick-input-widget .codicon-quick-input-back').click(); // Back: the type again
      await inputTitled('(1/4)');
      await wb.quickPick('Encrypt and decrypt');
      await inputTitled('(2/4)');
      await wb.quickPick('KMS');
      await inputTitled('(3/4)');
      await typeAlias(secondAlias);
      await inputTitled('(4/4)');
      await wb.page.keyboard.press('Enter');
      await wb.quickInput().waitFor({ state: 'hidden' });

      await clickButton('reencrypt', 'Re-encrypt File');
      // The sample's current key is ticked at first; choosing only the new key takes access from the old one.
      await wb.page
        .locator('.quick-input-widget .quick-input-list .monaco-list-row[aria-checked="true"]', {
          hasText: `alias/${alias}`,
        })
        .waitFor();
      await wb.quickPickOnly(`alias/${secondAlias}`);
      const dialog = wb.page.locator('.monaco-dialog-box');
      await dialog.waitFor();
      assert.match(
        await dialog.innerText(),
        new RegExp(`These current keys will no longer decrypt it: alias/${alias}$`, 'm'),
      );
      await wb.clickDialogButton('Re-encrypt');
      await wb.notification(`Re-encrypted ${SAMPLE}`).waitFor();
      await showWalkthrough();
      await ticked('reencrypt').waitFor();
      assert.equal(
        await wb.page.locator('.getting-started-step[aria-checked="true"][data-step-id*="#awsKms.byok#"]').count(),
        8,
        'every step is done',
      );
    },
  );
});
