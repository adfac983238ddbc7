// The lint fence between the layers, checked on real files of each layer: ESLint must refuse the imports that
// would break it, and allow the ones that don't.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

/** The messages of no-restricted-imports for `source` linted as if it were the file at `path`. */
async function fenceErrors(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the lint fence', function () {
  this.timeout(60_000);

  it("keeps the VS Code API out of a feature's model/ folder, and lets the feature itself use it", async () => {
    const source = "import * as vscode from 'vscode';\nexport const api = vscode;\n";
    assert.match((await fenceErrors('src/keyMaterial/model/importSession.ts', source)).join(), /Pure module/);
    assert.match((await fenceErrors('src/editing/model/envelopeInfoText.ts', source)).join(), /Pure module/);
    assert.deepEqual(await fenceErrors('src/keyMaterial/keyMaterialPage.ts', source), []);
  });

  it('lets core/ import nothing from another layer of the project', async () => {
    const outside = "import type { CommandId } from '../shared/commandIds';\nexport type Id = CommandId;\n";
    assert.match((await fenceErrors('src/core/errors.ts', outside)).join(), /core\/ imports nothing/);
    const inside = "import type { NextStep } from './errors';\nexport type Step = NextStep;\n";
    assert.deepEqual(await fenceErrors('src/core/nameList.ts', inside), []);
  });

  it('lets sandbox/ import nothing from aws/', async () => {
    const source = "import type { KmsCall } from '../aws/kmsCall';\nexport type Call = KmsCall;\n";
    assert.match((await fenceErrors('src/sandbox/model.ts', source)).join(), /sandbox\/ imports nothing from aws/);
    const core = "import type { NextStep } from '../core/errors';\nexport type Step = NextStep;\n";
    assert.deepEqual(await fenceErrors('src/sandbox/model.ts', core), []);
  });
});
