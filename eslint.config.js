import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './eslint-rules/layers.js';

// Import boundaries are lint errors (see ARCHITECTURE.md):
//   shared/   imports nothing of ours but itself;
//   renderer/ imports only shared/ (and never Node or Electron);
//   only the Electron shell files import 'electron';
//   inside electron/, no file imports a layer above its own (eslint-rules/layers.js).
const electronShell = [
  'electron/main.ts',
  'electron/preload.ts',
  'electron/window.ts',
  'electron/security.ts',
  'electron/ipc.ts',
  'electron/app-protocol.ts',
];

const noElectron = { name: 'electron', message: "Only the Electron shell files import 'electron'; keep this file runnable under plain Node." };
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net', 'stream', 'url', 'util'];

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'native/', '.cache/', 'node_modules/', 'tools/', 'test-results/', 'playwright-report/', 'migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['**/*.config.{ts,js}', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['../../electron/*', '../../renderer/*', '**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing of ours but itself.' },
            { group: nodeBuiltins, message: 'shared/ runs in the renderer too: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['**/electron/**', '**/migrations/**', '**/resources/**', '**/tests/**'], message: 'renderer/ imports only shared/.' },
            { group: nodeBuiltins, message: 'The renderer has no Node: ask the main process through the API.' },
            { group: ['better-sqlite3', 'drizzle-orm', 'drizzle-orm/*'], message: 'The renderer never touches the database.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: electronShell,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [{ group: ['**/renderer/**'], message: 'The main process does not import the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/no-upward-import': 'error' },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.{ts,mjs}', 'bin/**/*.js'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
);
