// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Packages the pure domain core must never import: platforms, stores, HTTP. */
const forbiddenInDomain = [
  'botbuilder', 'botbuilder-*', 'botframework-*', '@microsoft/agents-*', '@slack/*', 'mongodb', 'mingo', 'mingo/*',
  'express', 'fastify', 'pino', 'node:fs', 'fs', 'node:http', 'http', 'node:net', 'undici',
  '**/store/**', '**/bots/**', '**/app/**', '**/cards/**', '**/scheduler/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: forbiddenInDomain, message: 'src/domain is pure: no platform, store, HTTP or I/O imports.' }],
      }],
    },
  },
  {
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
