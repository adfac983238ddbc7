// The Key material page in the real extension host against the sandbox KMS: every wrapping combination KMS allows
// imports; generated material is backed up, deleted, re-imported from the backup and decrypts again; wrong material,
// expired tokens, keys that take no material and malformed messages are refused with the next step; new material
// is imported and rotated to. Every message between page and host is recorded and checked for secrets.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { readFileSync, statSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { basename, dirname, join } from 'path';
import * as vscode from 'vscode';
import {
  DecryptCommand,
  EncryptCommand,
  GetParametersForImportCommand,
  ScheduleKeyDeletionCommand,
  type KeySpec,
  type KeyUsageType,
} from '@aws-sdk/client-kms';
import { wrappingChoices } from '../../../src/core/keyMaterialSpecs';
import { wrapKeyMaterial, type WrappingAlgorithm } from '../../../src/core/keyMaterialWrap';
import { BUTTON, primaryMaterialButton } from '../../../src/shared/keyMaterialButtons';
import { expiresInText } from '../../../src/shared/timeTexts';
import type { TestSurface } from '../../../src/extension';
import { childrenOf, createTestKey, itemOf, keyRow, sandboxApi, sandboxKms, uniqueAlias } from '../keys/keysSupport';
import { encodings, PageDriver, ScriptedUi, tempDir, type Recorded } from './keyMaterialSupport';
import { closeAllEditorsDiscarding, resetSettings, waitFor } from '../support';

describe('Key material page', function () {
  this.timeout(120_000);
  let api: TestSurface;
  let ui: ScriptedUi;
  const recorded: Recorded[] = [];
  /** Everything that must never reach the webview: material, tokens, wrapping keys, wrapped material. */
  const secrets: Buffer[] = [];
  const dir = tempDir('material');

  before(async () => {
    api = await sandboxApi();
    ui = new ScriptedUi();
    api.keyMaterial.ui = ui;
    api.keyMaterial.tap = (direction, message) => recorded.push({ direction, json: JSON.stringify(message) });
  });
  after(async () => {
    api.keyMaterial.tap = undefined;
    await closeAllEditorsDiscarding();
    await resetSettings();
  });

  const external = async (prefix: string, keySpec: KeySpec = 'SYMMETRIC_DEFAULT', keyUsage?: KeyUsageType) => {
    const alias = uniqueAlias(prefix);
    const usage =
      keyUsage ??
      (keySpec.startsWith('HMAC')
        ? 'GENERATE_VERIFY_MAC'
        : keySpec.startsWith('ECC')
          ? 'SIGN_VERIFY'
          : 'ENCRYPT_DECRYPT');
    const key = await createTestKey(api, alias, { Origin: 'EXTERNAL', KeySpec: keySpec, KeyUsage: usage });
    return { ...key, alias, label: alias.slice('alias/'.length) };
  };
  const file = (name: string, bytes: Uint8Array): vscode.Uri => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return vscode.Uri.file(path);
  };
  /** Exports the parameters the page holds, so the test knows (and can check for) the token and wrapping key. */
  const exportParameters = async (page: PageDriver): Promise<{ publicKey: Buffer; token: Buffer }> => {
    ui.folder = vscode.Uri.file(tempDir('params'));
    await page.ok({ type: 'exportParameters' });
    const publicKey = readFileSync(join(ui.folder.fsPath, 'wrappingKey.der'));
    const token = readFileSync(join(ui.folder.fsPath, 'importToken.bin'));
    assert.match(readFileSync(join(ui.folder.fsPath, 'wrappingKey.pem'), 'utf8'), /^-----BEGIN PUBLIC KEY-----/);
    secrets.push(publicKey, token);
    return { publicKey, token };
  };
  const generateAndBackUp = async (page: PageDriver, name: string): Promise<Buffer> => {
    await page.ok({ type: 'generateMaterial' });
    ui.saveTo = vscode.Uri.file(join(dir, name));
    await page.ok({ type: 'saveBackup' });
    const material = readFileSync(ui.saveTo.fsPath);
    secrets.push(material);
    return material;
  };
  const noExpiry = { expires: false, description: '' } as const;
  const encrypt = async (keyId: string, text: string): Promise<Uint8Array> => {
    const out = await (await sandboxKms(api)).send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(text) }));
    assert.ok(out.CiphertextBlob);
    return out.CiphertextBlob;
  };
  const decrypt = async (blob: Uint8Array): Promise<string> =>
    Buffer.from(
      (await (await sandboxKms(api)).send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext ?? [],
    ).toString();

  it('opens from "Import Key Material" (ARN) and "Key Material…" (tree node), one page per key', async () => {
    const key = await external('page-open');
    assert.strictEqual(await vscode.commands.executeCommand('awsKms.key.importMaterial', key.arn), key.arn);
    const page = api.keyMaterial.page(key.arn);
    assert.ok(page, 'the page is open');
    assert.strictEqual(
      await vscode.commands.executeCommand('awsKms.key.showMaterial', await keyRow(api, key.label)),
      key.arn,
    );
    assert.strictEqual(api.keyMaterial.page(key.arn), page, 'the same page, revealed');
    const state = (await PageDriver.open(api, key.arn)).state();
    assert.deepStrictEqual(
      { ...state.key, description: undefined },
      {
        arn: key.arn,
        region: api.connections.region(key.arn),
        keyId: key.keyId,
        alias: key.alias,
        keySpec: 'SYMMETRIC_DEFAULT',
        keyUsage: 'ENCRYPT_DECRYPT',
        state: 'PendingImport',
        stateLabel: 'Pending import',
        origin: 'EXTERNAL',
        originLabel: 'External',
        multiRegion: false,
        symmetric: true,
        description: undefined,
      },
      'states and origins in the words of the Keys tree',
    );
    assert.deepStrictEqual(state.materials, []);
    assert.strictEqual(state.hadMaterial, false);
    assert.strictEqual(state.locale, vscode.env.language, "dates follow VS Code's display language");
    assert.deepStrictEqual(state.importTypes, ['NEW_KEY_MATERIAL']);
    assert.deepStrictEqual(state.defaultChoice, { spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' });
    assert.ok(state.canImport);
  });

  it('a "Continue without a backup" while the key could not be loaded becomes the page\'s error, not an unhandled rejection', async () => {
    // A key that does not exist: the page cannot load it, so there is no import session to record the choice in.
    const arn = `${(await external('page-early')).arn.replace(/key\/.*$/, 'key/')}00000000-0000-4000-8000-000000000000`;
    const page = api.keyMaterial.open({ arn, region: api.connections.region(arn) });
    await page.receive({ type: 'ready' });
    assert.strictEqual(page.state(), undefined, 'the key did not load');
    await assert.doesNotReject(page.receive({ type: 'declineBackup' }));
    page.panel.dispose();
  });

  it("Create Key… with origin External ends on the new key's page", async () => {
    const alias = uniqueAlias('page-created');
    const created = await vscode.commands.executeCommand<{ arn: string }>('awsKms.key.create', undefined, {
      keySpec: 'SYMMETRIC_DEFAULT',
      keyUsage: 'ENCRYPT_DECRYPT',
      origin: 'EXTERNAL',
      aliasName: alias,
      description: '',
    });
    const page = api.keyMaterial.page(created.arn);
    assert.ok(page, 'the page of the new key is open');
    await waitFor(
      'the page to name the key',
      () => page.panel.title === `Key material: ${alias.slice('alias/'.length)}`,
    );
  });

  it('proposes a backup named after the key, outside the workspace; overwriting a file asks first, naming whose backup it is', async () => {
    const [first, second] = [await external('backup-one'), await external('backup-two')];
    const proposals: string[] = [];
    for (const key of [first, second]) {
      const page = await PageDriver.open(api, key.arn);
      await page.ok({ type: 'getParameters', spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' });
      await page.ok({ type: 'generateMaterial' });
      ui.saveTo = undefined; // the user cancels the dialog: nothing is written, the backup is still required
      assert.strictEqual((await page.ok({ type: 'saveBackup' })).backup, 'required');
      const proposed = ui.proposed.at(-1);
      assert.ok(proposed);
      proposals.push(proposed.fsPath);
      assert.match(basename(proposed.fsPath), new RegExp(`^${key.label}\\.key-material\\.\\d{8}T\\d{6}Z\\.bin$`));
      assert.strictEqual(dirname(proposed.fsPath), homedir());
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        assert.ok(!proposed.fsPath.startsWith(folder.uri.fsPath));
      }
      if (key === second) {
        // The first key's backup is where the user now points the second one's.
        const firstBackup = join(dir, basename(proposals[0]));
        writeFileSync(firstBackup, "the only copy of the first key's material");
        ui.saveTo = vscode.Uri.file(firstBackup);
        ui.confirmAnswer = false;
        const before = ui.confirmations.length;
        try {
          assert.strictEqual((await page.ok({ type: 'saveBackup' })).backup, 'required');
        } finally {
          ui.confirmAnswer = true;
        }
        assert.strictEqual(ui.confirmations.length, before + 1);
        assert.match(
          ui.confirmations.at(-1) ?? '',
          new RegExp(
            `^Overwrite .*${basename(firstBackup).replace(/\./g, '\\.')}\\? By its name it is the key material backup of ${first.label}\\. If it is the only copy`,
          ),
        );
        assert.strictEqual(
          readFileSync(firstBackup, 'utf8'),
          "the only copy of the first key's material",
          'nothing was overwritten',
        );
        // Confirmed, it is overwritten (mode 0600) and the page names the full path.
        const state = await page.ok({ type: 'saveBackup' });
        assert.strictEqual(state.backupFile, firstBackup);
        assert.strictEqual(readFileSync(firstBackup).length, 32);
        secrets.push(readFileSync(firstBackup));
      }
      page.page.panel.dispose();
    }
    assert.notStrictEqual(basename(proposals[0]), basename(proposals[1]));
  });

  it('follows its key: a deletion from the Keys view and a change seen by a Keys view refresh show at once, and stale notices go', async () => {
    const key = await external('page-follows');
    const page = await PageDriver.open(api, key.arn);
    await page.ok({ type: 'getParameters', spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' });
    await generateAndBackUp(page, 'follows.bin');
    let state = await page.ok({ type: 'import', choices: { ...noExpiry, importType: 'NEW_KEY_MATERIAL' } });
    assert.strictEqual(state.key.state, 'Enabled');
    assert.match(state.notice?.message ?? '', /The key is enabled\./);
    // The Keys view's own command, with the page open beside it; nobody touches the page.
    await vscode.commands.executeCommand('awsKms.key.deleteMaterial', await keyRow(api, key.label), {
      confirmation: key.label,
    });
    await waitFor('the page to show the key pending import', () => page.state().key.state === 'PendingImport');
    state = page.state();
    assert.strictEqual(state.notice, undefined, 'the "The key is enabled" notice went with the state it described');
    assert.strictEqual(state.materials[0]?.importState, 'Pending import');
    // Changed behind the extension's back, then seen by a refresh of the Keys view.
    await (await sandboxKms(api)).send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    api.keys.tree.refresh();
    await waitFor('the page to show the key pending deletion', () => page.state().key.state === 'PendingDeletion');
    page.page.panel.dispose();
  });

  it('generate → backup (0600) → import; delete → pending import, ciphertext undecryptable; re-import from the backup → it decrypts again', async () => {
    const key = await external('page-flow');
    const page = await PageDriver.open(api, key.arn);
    await page.ok({ type: 'getParameters', spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' });
    await exportParameters(page);
    assert.match(
      page.state().notice?.message ?? '',
      /then press Load wrapped key material…$/,
      'names the button as it is labelled',
    );
    assert.strictEqual(
      primaryMaterialButton(
        { ...page.state().key, hadMaterial: page.state().hadMaterial },
        page.state().defaultImportType,
      ),
      'generate',
    );
    let state = await page.ok({ type: 'generateMaterial' });
    assert.strictEqual(state.backup, 'required');
    assert.strictEqual(
      state.material?.summary,
      'Generated here',
      'the hint above states the size ("32 random bytes") once',
    );
    const refused = await page.fails({ type: 'import', choices: { ...noExpiry, importType: 'NEW_KEY_MATERIAL' } });
    assert.match(
      refused.message,
      /^Save a backup of the generated key material first \(Save backup…\), or press Continue without a backup\./,
    );
    ui.saveTo = vscode.Uri.file(join(dir, 'PlaintextKeyMaterial.bin'));
    state = await page.ok({ type: 'saveBackup' });
    assert.strictEqual(state.backup, 'saved');
    assert.strictEqual(state.backupFile, ui.saveTo.fsPath, 'the page shows the full path of the backup');
    assert.strictEqual(statSync(ui.saveTo.fsPath).mode & 0o777, 0o600);
    const material = readFileSync(ui.saveTo.fsPath);
    assert.strictEqual(material.length, 32);
    secrets.push(material);

    state = await page.ok({
      type: 'import',
      choices: {
        expires: true,
        validTo: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        importType: 'NEW_KEY_MATERIAL',
        description: 'from the page',
      },
    });
    assert.strictEqual(state.key.state, 'Enabled');
    assert.strictEqual(state.materials.length, 1);
    assert.deepStrictEqual(
      { ...state.materials[0], id: undefined, validTo: undefined },
      {
        id: undefined,
        description: 'from the page',
        state: 'Current',
        importState: 'Imported',
        imported: true,
        expires: true,
        validTo: undefined,
      },
    );
    assert.ok((state.materials[0]?.validTo ?? 0) > Date.now() + 29 * 86_400_000);
    assert.strictEqual(state.material, undefined, 'the material is dropped after the import');
    assert.match(state.notice?.message ?? '', /^Imported key material \([0-9a-f]{8}…\)\. The key is enabled\.$/);
    const children = await childrenOf(api, await keyRow(api, key.label));
    const treeExpiry = /^Current · Imported · (expires in (?:29|30|31) days) · from the page$/.exec(
      String(itemOf(api, children[0] as never).description),
    );
    assert.ok(treeExpiry, 'the tree shows the remaining time');
    assert.strictEqual(
      expiresInText(state.materials[0]?.validTo ?? 0, Date.now(), state.expiryWords),
      treeExpiry[1],
      'the page counts and words it as the tree',
    );
    const blob = await encrypt(key.keyId, 'top secret');

    state = await page.ok({ type: 'deleteMaterial', keyMaterialId: state.materials[0]?.id });
    assert.match(ui.confirmations.at(-1) ?? '', /becomes Pending import.*import the same key material again/);
    assert.strictEqual(state.key.state, 'PendingImport');
    assert.strictEqual(state.materials[0]?.importState, 'Pending import');
    assert.strictEqual(state.defaultImportType, 'EXISTING_KEY_MATERIAL');
    assert.strictEqual(state.hadMaterial, true);
    assert.strictEqual(
      primaryMaterialButton({ ...state.key, hadMaterial: state.hadMaterial }, state.defaultImportType),
      'loadMaterial',
      'a re-import proposes loading the backup first',
    );
    assert.strictEqual(itemOf(api, await keyRow(api, key.label)).description, 'Pending import · External');
    await assert.rejects(decrypt(blob), /pending import/i);

    ui.opens.push(ui.saveTo);
    state = await page.ok({ type: 'loadMaterial' });
    assert.strictEqual(state.material?.source, 'file');
    assert.strictEqual(state.backup, 'notNeeded');
    state = await page.ok({ type: 'import', choices: { ...noExpiry, importType: 'EXISTING_KEY_MATERIAL' } });
    assert.strictEqual(state.key.state, 'Enabled');
    assert.strictEqual(state.materials[0]?.importState, 'Imported');
    assert.strictEqual(await decrypt(blob), 'top secret');
  });

  it('refuses other material on re-import, and material of the wrong size, naming the next step; nothing changes', async () => {
    const key = await external('page-wrong');
    const page = await PageDriver.open(api, key.arn);
    await page.ok({ type: 'getParameters', spec: 'RSA_3072', algorithm: 'RSAES_OAEP_SHA_1' });
    await generateAndBackUp(page, 'wrong-original.bin');
    let state = await page.ok({ type: 'import', choices: { ...noExpiry, importType: 'NEW_KEY_MATERIAL' } });
    await page.ok({ type: 'deleteMaterial' });

    const other = randomBytes(32);
    secrets.push(other);
    ui.opens.push(file('other.bin', other));
    await page.ok({ type: 'loadMaterial' });
    const error = await page.fails({ type: 'import', choices: { ...noExpiry, importType: 'EXISTING_KEY_MATERIAL' } });
    assert.match(
      error.message,
      /^KMS refused this key material for page-wrong-.*Re-importing needs the original bytes/,
    );
    assert.strictEqual(error.next, 'loadMaterial');
    assert.strictEqual(error.nextLabel, BUTTON.loadMaterial);
    assert.strictEqual(error.nextLabel, 'Load plaintext key material…', "the name of step 2's button");
    state = page.state();
    assert.strictEqual(state.key.state, 'PendingImport');

    ui.opens.push(file('short.bin', randomBytes(31)));
    const size = await page.fails({ type: 'loadMaterial' });
    assert.strictEqual(
      size.message,
      'This is not key material for a SYMMETRIC_DEFAULT key: it has 31 bytes. It must be 32 random bytes (a 256-bit AES key).',
    );
    assert.strictEqual(
      page.state().material?.summary.startsWith('Loaded from other.bin'),
      true,
      'the previous choice stays',
    );
  });

  it('an expired import token: the page says so and offers new parameters, for its own parameters and for a token from a file', async () => {
    const sandbox = await api.sandbox.start();
    const config = sandbox.service.context.config;
    const lifetime = config.importTokenLifetimeMs;
    const key = await external('page-expired');
    const page = await PageDriver.open(api, key.arn);
    try {
      config.importTokenLifetimeMs = 1500;
      const { parameters } = await page.ok({
        type: 'getParameters',
        spec: 'RSA_2048',
        algorithm: 'RSA_AES_KEY_WRAP_SHA_256',
      });
      assert.ok(parameters?.source === 'kms');
      const { publicKey, token } = await exportParameters(page);
      const material = await generateAndBackUp(page, 'expired.bin');
      await waitFor('the import token to expire', () => Date.now() > parameters.validTo + 50, 10_000);
      const own = await page.fails({ type: 'import', choices: { ...noExpiry, importType: 'NEW_KEY_MATERIAL' } });
      assert.match(own.message, /^The import token has expired/);
      assert.strictEqual(own.next, 'newParameters');
      assert.strictEqual(own.nextLabel, 'Get new parameters');

      // Wrapped elsewhere with the same (now expired) token: KMS itself refuses it.
      const wrapped = wrapKeyMaterial(material, publicKey, 'RSA_AES_KEY_WRAP_SHA_256');
      secrets.push(wrapped);
      ui.opens.push(file('EncryptedKeyMaterial.bin', wrapped), file('ImportToken.bin', token));
      let state = await page.ok({ type: 'loadWrapped' });
      assert.deepStrictEqual(state.parameters, { source: 'file' });
      const kms = await page.fails({ type: 'import', choices: { ...noExpiry, importType: 'NEW_KEY_MATERIAL' } });
      assert.match(kms.message, /^The import token has expired/);
      assert.strictEqual(kms.next, 'newParameters');
      assert.strictEqual(page.state().key.state, 'PendingImport');

      config.importTokenLifetimeMs = lifetime;
      state = await page.ok({ type: 'getParameters', spec: 'RSA_2048', algorithm: 'RSA_AES_KEY_WRAP_SHA_256' });
      assert.strictEqual(state.material, undefined, 'wrapped material goes with its token');
      assert.ok(state.parameters?.source === 'kms' && state.parameters.validTo > Date.now() + 23 * 3_600_000);
      ui.opens.push(file('expired-backup.bin', material));
      await page.ok({ type: 'loadMaterial' });
      state = await page.ok({ type: 'import', choices: { ...noExpiry, importType: 'NEW_KEY_MATERIAL' } });
      assert.strictEqual(state.key.state, 'Enabled');
    } finally {
      config.importTokenLifetimeMs = lifetime;
    }
  });

  it('imports new material for rotation, offers "Rotate now", and rotates to it', async () => {
    const key = await external('page-rotate');
    const page = await PageDriver.open(api, key.arn);
    await page.ok({ type: 'getParameters', spec: 'RSA_4096', algorithm: 'RSAES_OAEP_SHA_256' });
    await generateAndBackUp(page, 'rotate-1.bin');
    let state = await page.ok({
      type: 'import',
      choices: { ...noExpiry, importType: 'NEW_KEY_MATERIAL', description: 'first' },
    });
    const first = state.materials[0]?.id;
    const blob = await encrypt(key.keyId, 'under the first material');
    assert.deepStrictEqual(state.importTypes, ['EXISTING_KEY_MATERIAL', 'NEW_KEY_MATERIAL']);
    assert.strictEqual(state.canRotate, false);

    await page.ok({ type: 'generateMaterial' });
    state = await page.ok({ type: 'declineBackup' });
    assert.strictEqual(state.backup, 'declined');
    ui.saveTo = vscode.Uri.file(join(dir, 'rotate-2.bin'));
    state = await page.ok({ type: 'saveBackup' });
    assert.strictEqual(state.backup, 'saved', 'a declined backup can still be saved until the import');
    secrets.push(readFileSync(ui.saveTo.fsPath));
    state = await page.ok({
      type: 'import',
      choices: { ...noExpiry, importType: 'NEW_KEY_MATERIAL', description: 'second' },
    });
    assert.strictEqual(state.notice?.offerRotate, true);
    assert.match(state.notice?.message ?? '', /pending rotation/);
    assert.strictEqual(state.canRotate, true);
    assert.deepStrictEqual(
      state.materials.map((m) => [m.description, m.state]),
      [
        ['first', 'Current'],
        ['second', 'Pending rotation'],
      ],
    );

    state = await page.ok({ type: 'rotateNow' });
    assert.strictEqual(state.canRotate, false);
    const current = state.materials.find((m) => m.state === 'Current');
    assert.strictEqual(current?.description, 'second');
    assert.strictEqual(state.materials.find((m) => m.id === first)?.state, 'Non-current');
    assert.strictEqual(await decrypt(blob), 'under the first material');
  });

  // Top-level tests (not a nested suite), so they run before the message check at the end.
  for (const keySpec of ['SYMMETRIC_DEFAULT', 'HMAC_256', 'ECC_NIST_P521', 'RSA_2048'] as const) {
    it(`every wrapping combination KMS allows imports ${keySpec} material; the others are not offered`, async function () {
      this.timeout(300_000);
      const key = await external(`page-matrix-${keySpec.toLowerCase()}`, keySpec);
      const page = await PageDriver.open(api, key.arn);
      const choices = page.state().choices;
      assert.deepStrictEqual(
        choices,
        wrappingChoices(keySpec).map((c) => ({
          spec: c.spec,
          algorithm: c.algorithm,
          ...(c.refused && { refused: c.refused }),
        })),
      );
      const allowed = choices.filter((c) => !c.refused);
      const refused = choices.filter((c) => c.refused);
      const material = await generateAndBackUp(page, `matrix-${keySpec}.bin`);
      const materialFile = vscode.Uri.file(join(dir, `matrix-${keySpec}.bin`));
      for (const [index, choice] of allowed.entries()) {
        await page.ok({ type: 'getParameters', spec: choice.spec, algorithm: choice.algorithm });
        if (index > 0) {
          ui.opens.push(materialFile);
          await page.ok({ type: 'loadMaterial' });
        }
        const importType =
          index === 0 || keySpec !== 'SYMMETRIC_DEFAULT' ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL';
        const state = await page.ok({ type: 'import', choices: { ...noExpiry, importType } });
        assert.strictEqual(state.key.state, 'Enabled', `${choice.spec} ${choice.algorithm}`);
      }
      // The sandbox refuses exactly the combinations the page does not offer.
      const kms = await sandboxKms(api);
      for (const choice of refused) {
        await assert.rejects(
          kms.send(
            new GetParametersForImportCommand({
              KeyId: key.keyId,
              WrappingKeySpec: choice.spec,
              WrappingAlgorithm: choice.algorithm as WrappingAlgorithm,
            }),
          ),
          /ValidationException|cannot wrap|must be wrapped/,
          `${choice.spec} ${choice.algorithm}`,
        );
      }
      assert.ok(material.length > 0);
    });
  }

  it('says what to do for a key that takes no imported material, and for one pending deletion', async () => {
    const kmsKey = await createTestKey(api, uniqueAlias('page-kms'));
    const page = await PageDriver.open(api, kmsKey.arn);
    assert.strictEqual(page.state().canImport, false);
    const notExternal = await page.fails({ type: 'getParameters', spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' });
    assert.match(notExternal.message, /does not take imported key material .*origin External/);

    const key = await external('page-deleting');
    await (await sandboxKms(api)).send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    const deleting = await PageDriver.open(api, key.arn);
    assert.strictEqual(deleting.state().canImport, false);
    const error = await deleting.fails({ type: 'getParameters', spec: 'RSA_2048', algorithm: 'RSAES_OAEP_SHA_256' });
    assert.match(error.message, /is pending deletion.*Press Cancel key deletion first\./);
    assert.strictEqual(error.next, 'cancelDeletion');
    const state = await deleting.ok({ type: 'cancelDeletion' });
    assert.strictEqual(state.key.state, 'PendingImport', 'a key without material goes back to pending import');
    assert.strictEqual(state.canImport, true);
  });

  it('refuses malformed messages from the webview and changes nothing', async () => {
    const key = await external('page-malformed');
    const page = await PageDriver.open(api, key.arn);
    for (const bad of [
      'import',
      null,
      { type: 'nope' },
      { type: 'getParameters', spec: 'RSA_1024', algorithm: 'RSAES_OAEP_SHA_256' },
      { type: 'getParameters', spec: 'RSA_2048', algorithm: 'RSAES_PKCS1_V1_5' },
      { type: 'generateMaterial', material: 'AAAA' },
      { type: 'deleteMaterial', keyMaterialId: '../../etc' },
      { type: 'import', choices: { expires: 'yes', importType: 'NEW_KEY_MATERIAL', description: '' } },
      { type: 'import', choices: { expires: false, importType: 'NEW_KEY_MATERIAL', description: '<script>' } },
    ]) {
      const state = await page.send(bad);
      assert.strictEqual(
        state.error?.message,
        'The page sent a request the extension does not accept; nothing was changed.',
        JSON.stringify(bad),
      );
      assert.strictEqual(state.parameters, undefined);
      assert.strictEqual(state.material, undefined);
    }
    assert.strictEqual(page.state().key.state, 'PendingImport');
    const past = await page.fails({
      type: 'import',
      choices: { expires: true, validTo: '2000-01-01', importType: 'NEW_KEY_MATERIAL', description: '' },
    });
    assert.match(past.message, /^Choose the key material first/);
  });

  it('no message between page and host carried key material, an import token, a wrapping key or wrapped material', () => {
    assert.ok(
      recorded.some((r) => r.direction === 'in') && recorded.some((r) => r.direction === 'out'),
      'messages were recorded both ways',
    );
    assert.ok(secrets.length >= 10, `secrets were collected: ${secrets.length}`);
    const needles = secrets.flatMap(encodings);
    for (const { direction, json } of recorded) {
      assert.doesNotMatch(
        json,
        /"data":\[|\[(\d+,){15,}/,
        `${direction} message has a byte array: ${json.slice(0, 200)}`,
      );
      for (const needle of needles) {
        assert.ok(!json.includes(needle), `${direction} message carries a secret: ${json.slice(0, 200)}`);
      }
    }
    assert.ok(recorded.length > 50, `${recorded.length} messages recorded`);
  });
});
