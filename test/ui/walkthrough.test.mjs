// UI test: the "Bring your own key material" walkthrough as a new user meets it — listed under Welcome, its eight
// steps rendered, the first one ticked only after its button really connected to the sandbox, and a step whose
// condition holds (the walkthrough's key exists) ticked without its event. Leaves media/screenshots/walkthrough.png
// for the README.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../harness/host.mjs';
import { fixtureWorkspace, sandboxKmsClient, useWorkbench } from './workbench.mjs';

/** The walkthrough's steps in the BYOK tutorial's order (the same list the manifest's unit test checks). */
const BYOK_STEPS = JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'support', 'walkthroughSteps.json'), 'utf8'));

const step = { timeout: 90_000 };
const TITLE = 'Bring your own key material with AWS KMS';

describe('the BYOK walkthrough in the workbench', () => {
  const wb = useWorkbench('walkthrough', {
    open: () => {
      // The fixture workspace has no connection setting and the test host no AWS credentials: nothing is connected yet.
      return { workspace: fixtureWorkspace };
    },
    ready: async (wb) => {
      await wb.activityBarItem('AWS KMS').waitFor();
    },
  });

  const stepRow = (id) => wb.page.locator(`.getting-started-step[data-step-id$="#${id}"]`);
  /** Done steps: the workbench marks them aria-checked (and shows the tick). */
  const ticks = () => wb.page.locator('.getting-started-step[aria-checked="true"][data-step-id*="#awsKms.byok#"]');

  it('opens from "Welcome: Open Walkthrough…" with its eight steps, none done', step, async () => {
    await wb.runCommandAndPick('Welcome: Open Walkthrough...', TITLE);
    await wb.page.locator('.gettingStartedContainer', { hasText: TITLE }).first().waitFor();
    const ids = await wb.page
      .locator('.getting-started-step[data-step-id*="#awsKms.byok#"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step-id').split('#').pop()));
    assert.deepEqual(ids, BYOK_STEPS);
    assert.equal(await ticks().count(), 0);
  });

  it(
    'ticks "Connect" once its button has connected to the sandbox, and saves the README screenshot',
    step,
    async () => {
      await stepRow('connect').click();
      await wb.page.locator('.gettingStartedContainer').getByRole('button', { name: 'Use the Sandbox' }).click();
      await wb.statusBarItem('Sandbox').waitFor();
      await wb.page.locator('.getting-started-step[aria-checked="true"][data-step-id$="#connect"]').waitFor();
      assert.equal(await ticks().count(), 1, 'only the first step is done');
      // The step's Markdown renders in a webview beside the list: let it finish before the picture.
      const markdown = wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
      await markdown.getByText('runs inside the extension').waitFor();
      await markdown.locator('img').evaluateAll(async (images) =>
        Promise.all(
          images.map(
            async (image) =>
              image.complete ||
              new Promise((resolve) => {
                image.addEventListener('load', resolve);
                image.addEventListener('error', resolve);
              }),
          ),
        ),
      );
      await wb.screenshot(path.join(repoRoot, 'media', 'screenshots', 'walkthrough.png'));
    },
  );

  it(
    'ticks "Create a key" for the walkthrough\'s key made elsewhere, once the Keys view lists it: no event needed',
    step,
    async () => {
      // As if made in another window or by the AWS CLI: the extension ran no Create Key, so only the condition can tick it.
      const { CreateKeyCommand } = await import('@aws-sdk/client-kms');
      await (
        await sandboxKmsClient(wb.server)
      ).send(new CreateKeyCommand({ Origin: 'EXTERNAL', Description: 'BYOK walkthrough' }));
      assert.equal(await ticks().count(), 1, 'not ticked before the Keys view knows the key');
      await wb.runCommand('AWS KMS: Refresh');
      await wb.page.locator('.getting-started-step[aria-checked="true"][data-step-id$="#createKey"]').waitFor();
      assert.equal(await ticks().count(), 2, 'its material is not imported: "Import key material" stays open');
    },
  );
});
