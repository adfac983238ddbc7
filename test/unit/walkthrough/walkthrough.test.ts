import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MILESTONES } from '../../../src/shared/milestones';
import { localizedManifest } from '../l10n/localizedManifest';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: { walkthroughs?: { id: string; title: string; steps: Step[] }[] };
}

const root = join(__dirname, '..', '..', '..');
/** The walkthrough's steps in the BYOK tutorial's order (the UI test checks the workbench shows the same). */
const BYOK_STEPS = JSON.parse(readFileSync(join(root, 'test', 'support', 'walkthroughSteps.json'), 'utf8')) as string[];
const manifest = localizedManifest<Manifest>();
const walkthrough = manifest.contributes.walkthroughs?.find((w) => w.id === 'awsKms.byok');

/** The command links of a step's description: `[label](command:id?args)`. */
function commandLinks(description: string): { id: string; args: unknown[] }[] {
  return [...description.matchAll(/\]\(command:([\w.]+)(?:\?([^)]+))?\)/g)].map(([, id, args]) => ({
    id: id as string,
    args: args ? (JSON.parse(decodeURIComponent(args)) as unknown[]) : [],
  }));
}

describe('the "Bring your own key material" walkthrough', () => {
  it('is contributed with the steps of the BYOK tutorial, in order', () => {
    assert.ok(walkthrough, 'contributes.walkthroughs has awsKms.byok');
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      BYOK_STEPS,
    );
  });

  it('completes every step only on milestones the code sets, never on a click', () => {
    for (const step of walkthrough?.steps ?? []) {
      assert.ok(step.completionEvents?.length, `${step.id} has completionEvents`);
      for (const event of step.completionEvents ?? []) {
        const match = /^onContext:(.+)$/.exec(event);
        assert.ok(match, `${step.id}: ${event} is an onContext event`);
        for (const key of (match[1] as string).split('&&').map((k) => k.trim())) {
          const milestone = /^awsKms\.done\.(\w+)$/.exec(key)?.[1];
          assert.ok(
            milestone && (MILESTONES as readonly string[]).includes(milestone),
            `${step.id}: ${key} is a milestone context key`,
          );
        }
      }
    }
  });

  it('gives every step a button with well-formed arguments, and short Markdown whose image exists', () => {
    for (const step of walkthrough?.steps ?? []) {
      const links = commandLinks(step.description);
      assert.ok(links.length > 0, `${step.id} has a command button`);
      for (const link of links) {
        assert.ok(Array.isArray(link.args), `${step.id}: ${link.id} arguments are a JSON array`);
      }
      const markdown = step.media.markdown;
      assert.ok(markdown && existsSync(join(root, markdown)), `${step.id}: ${markdown} exists`);
      const text = readFileSync(join(root, markdown), 'utf8');
      assert.ok(text.split(/\s+/).length < 150, `${step.id}: ${markdown} stays short`);
      const images = [...text.matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)].map((m) => m[1] as string);
      assert.equal(images.length, 1, `${step.id}: one image with alt text`);
      for (const image of images) {
        assert.ok(existsSync(join(root, dirname(markdown), image)), `${step.id}: ${image} exists`);
      }
    }
  });

  it('creates the key the tutorial wants: symmetric, EXTERNAL origin, the import left to the next step', () => {
    const create = commandLinks(walkthrough?.steps.find((s) => s.id === 'createKey')?.description ?? '').find(
      (l) => l.id === 'awsKms.key.create',
    );
    assert.deepEqual(create?.args[1], {
      keyUsage: 'ENCRYPT_DECRYPT',
      keySpec: 'SYMMETRIC_DEFAULT',
      origin: 'EXTERNAL',
      description: 'BYOK walkthrough',
      importMaterial: false,
    });
  });
});
