import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * package.json holds `%key%` placeholders for its user-visible strings; VS Code replaces them with package.nls.json
 * (or package.nls.<locale>.json). Tests that read those strings read them as VS Code shows them in English.
 */
const root = join(__dirname, '..', '..', '..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(join(root, file), 'utf8'));

export const PLACEHOLDER = /^%([\w.-]+)%$/;

export function rawManifest(): unknown {
  return readJson('package.json');
}

export function nlsTable(): Record<string, string> {
  return readJson('package.nls.json') as Record<string, string>;
}

export function localizedManifest<T>(): T {
  const nls = nlsTable();
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'), (_key, value: unknown) => {
    const key = typeof value === 'string' ? PLACEHOLDER.exec(value)?.[1] : undefined;
    return key !== undefined && key in nls ? nls[key] : value;
  }) as T;
}
