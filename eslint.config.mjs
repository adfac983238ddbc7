// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The pure half: no VS Code API, so it runs (and is unit-tested) in plain Node. A feature's pure logic sits in its
// model/ sibling, e.g. src/keyMaterial/model/.
const pureFolders = [
  'src/core/**',
  'src/aws/**',
  'src/sandbox/**',
  'src/cli/**',
  'src/webview/**',
  'src/shared/**',
  'src/*/model/**',
];
const noVscode = {
  name: 'vscode',
  allowTypeImports: true,
  message: 'Pure module: pass data in, do not import the VS Code API.',
};
/** Imports of a layer from outside it, for the fences between layers. */
const layers = (...names) => names.map((name) => `**/${name}/**`);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.vscode-test/**', '.scratch/**', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/promise-function-async': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      curly: 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/sandbox/cli.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: pureFolders,
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    // core/ is the bottom layer: it imports nothing of this project outside itself.
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [{ group: ['../*', '!../core/*'], message: 'core/ imports nothing from other layers.' }],
        },
      ],
    },
  },
  {
    // The sandbox is a KMS of its own: it must not lean on the extension's AWS client code.
    files: ['src/sandbox/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [{ group: layers('aws'), message: 'sandbox/ imports nothing from aws/.' }] },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
