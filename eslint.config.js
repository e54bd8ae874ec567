// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Packages the pure domain core must never import: platforms, stores, HTTP. */
const forbiddenInDomain = [
  'botbuilder',
  'botbuilder-*',
  'botframework-*',
  '@microsoft/agents-*',
  '@slack/*',
  'mongodb',
  'mingo',
  'mingo/*',
  'express',
  'fastify',
  'pino',
  'node:fs',
  'fs',
  'node:http',
  'http',
  'node:net',
  'undici',
  '**/store/**',
  '**/bots/**',
  '**/app/**',
  '**/cards/**',
  '**/scheduler/**',
];

/** What platform and web code must never import: the store is reached through src/app only. */
const forbiddenInPlatforms = ['mongodb', 'better-sqlite3', 'mingo', '**/store/**'];

/** `x.repo`, `x['repo']`, `const { repo } = x`: the case repository, which platform code never touches. */
const repoAccess = [
  "MemberExpression[computed=false][property.name='repo']",
  "MemberExpression[computed=true][property.value='repo']",
  "ObjectPattern > Property[key.name='repo']",
];
const repoMessage =
  'platform code reaches cases through CaseService methods (src/app), never its repository (.repo).';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: forbiddenInDomain,
              message: 'src/domain is pure: no platform, store, HTTP or I/O imports.',
            },
          ],
        },
      ],
    },
  },
  {
    // The MongoDB driver is loaded only when MONGODB_URI is set (a dynamic import in src/store/open.ts).
    files: ['src/**/*.ts'],
    ignores: ['src/store/mongo/**', 'src/domain/**', 'src/bots/**', 'src/web/**', 'src/cards/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'mongodb',
              message: 'only src/store/mongo imports the MongoDB driver (loaded lazily).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/bots/**/*.ts', 'src/web/**/*.ts', 'src/cards/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: forbiddenInPlatforms,
              message:
                'platform code reaches the store through src/app only (no store or database imports).',
            },
          ],
        },
      ],
      // Nor through the service's repository: CaseService says what is wanted in domain words.
      'no-restricted-syntax': [
        'error',
        ...repoAccess.map((selector) => ({ selector, message: repoMessage })),
      ],
    },
  },
  {
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
