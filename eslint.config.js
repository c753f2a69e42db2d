// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/**
 * Import zones: the runtime is in the path (STYLE.md §1). A wrong import is a lint error here and, for DOM/Node
 * globals, a type error in the runtime's tsconfig.
 */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url'];
const zone = (/** @type {string[]} */ patterns, /** @type {string} */ message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'bench/tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', '.ci/**/*.mjs', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Tests build deliberately malformed documents; typing each mutation would hide what is being broken.
    files: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: zone(
      [...nodeBuiltins, 'electron', 'react', 'react-dom', '@xyflow/*', '**/electron/**', '**/renderer/**'],
      'shared/ is pure TypeScript: no Node, DOM, Electron or React.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/**/*.test.{ts,tsx}'],
    rules: zone(
      [...nodeBuiltins, 'electron', '**/electron/**'],
      'renderer/ is DOM only: reach the host through the contract (renderer/bridge).',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/features/canvas/**', 'renderer/**/*.test.{ts,tsx}'],
    rules: zone(
      [...nodeBuiltins, 'electron', '**/electron/**', '@xyflow/*', 'monaco-editor', 'monaco-editor/*'],
      '@xyflow/react belongs to renderer/features/canvas, monaco-editor to renderer/lib/monaco (STYLE.md §6).',
    ),
  },
  {
    files: ['renderer/lib/monaco/**/*.{ts,tsx}'],
    rules: zone([...nodeBuiltins, 'electron', '**/electron/**'], 'renderer/ is DOM only.'),
  },
  {
    files: ['electron/**/*.ts'],
    // Tests may drive both sides of the contract (e.g. the renderer's transport against the real host).
    ignores: ['electron/main/**', 'electron/preload/**', 'electron/**/*.test.ts'],
    rules: zone(
      ['electron', 'electron/*', '**/renderer/**', '**/electron/main/**', '**/electron/preload/**'],
      'Only electron/main and electron/preload may import electron; the engine, host and CLI run in plain Node.',
    ),
  },
  prettier,
);
