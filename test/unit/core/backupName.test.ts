import assert from 'node:assert/strict';
import { backupFileName, backupKeyOf, overwriteWarning } from '../../../src/core/backupName';

describe('core/backupName', () => {
  const at = new Date('2026-12-03T09:45:12.345Z');

  it('names the key and the moment, so two keys (or two generations) never share a proposed name', () => {
    assert.equal(backupFileName('demo-byok', at), 'demo-byok.key-material.20261203T094512Z.bin');
    assert.equal(backupFileName('alias/team/app', at), 'team_app.key-material.20261203T094512Z.bin');
    assert.equal(
      backupFileName('1234abcd-12ab-34cd-56ef-1234567890ab', at),
      '1234abcd-12ab-34cd-56ef-1234567890ab.key-material.20261203T094512Z.bin',
    );
    assert.notEqual(backupFileName('one', at), backupFileName('two', at));
    assert.notEqual(backupFileName('one', at), backupFileName('one', new Date(at.getTime() + 1000)));
  });

  it('keeps only file-name characters', () => {
    assert.equal(backupFileName('../../etc/passwd', at), 'etc_passwd.key-material.20261203T094512Z.bin');
    assert.equal(backupFileName('', at), 'key.key-material.20261203T094512Z.bin');
  });

  it('reads the key back from a name it made, and warns by it before an overwrite', () => {
    assert.equal(backupKeyOf(backupFileName('demo-byok', at)), 'demo-byok');
    assert.equal(backupKeyOf('PlaintextKeyMaterial.bin'), undefined);
    assert.match(
      overwriteWarning(backupFileName('demo-byok', at)),
      /^By its name it is the key material backup of demo-byok\. If it is the only copy/,
    );
    assert.match(overwriteWarning('PlaintextKeyMaterial.bin'), /^It may be a key material backup of another key\./);
  });
});
