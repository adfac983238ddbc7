import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseEncoding, storedEncoding } from '../../../src/aws/envelope/storedEncoding';

describe('how Encrypt File will store a file', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stored-encoding-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('under "auto": base64 for text, binary for content that is not UTF-8 text', async () => {
    const text = join(dir, 'notes.txt');
    const binary = join(dir, 'image.bin');
    const empty = join(dir, 'empty.txt');
    await writeFile(text, 'db_password = hunter2\nüñí\n');
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    await writeFile(empty, '');
    assert.equal(await storedEncoding(text, 'auto'), 'base64');
    assert.equal(await storedEncoding(binary, 'auto'), 'binary');
    assert.equal(await storedEncoding(empty, 'auto'), 'base64', 'an empty file is text, as the engine decides');
  });

  it('judges past the first chunk: a NUL byte after 2 MiB of text makes it binary', async () => {
    const path = join(dir, 'late.bin');
    await writeFile(path, Buffer.concat([Buffer.alloc(2 * 1024 * 1024, 'a'), Buffer.from([0])]));
    assert.equal(await storedEncoding(path, 'auto'), 'binary');
  });

  it('a UTF-8 character split across two reads is still text', async () => {
    const path = join(dir, 'split.txt');
    await writeFile(path, Buffer.concat([Buffer.alloc(1024 * 1024 - 1, 'a'), Buffer.from('ü')]));
    assert.equal(await storedEncoding(path, 'auto'), 'base64');
  });

  it('an explicit armour setting wins, without reading the file', async () => {
    assert.equal(await storedEncoding(join(dir, 'missing'), 'binary'), 'binary');
    assert.equal(await storedEncoding(join(dir, 'missing'), 'base64'), 'base64');
    assert.equal(chooseEncoding('auto', false), 'binary');
  });
});
