// Type-aware lint. The layer rules below enforce the dependency direction of docs/ARCHITECTURE.md:
// api → flows → domain; flows → store, rails, crypto; jobs → flows, store, crypto, domain;
// rails → domain only; sdk → nothing of the server.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message: why })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.baobab/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: globals.node,
    },
    rules: {
      // A `default` branch is a deliberate catch-all; without one every case must be handled.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      // Fastify handlers and hooks are async by contract even when they have nothing to await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    // Tests read response bodies as untyped JSON (`res.json()`) and assert their shape against the
    // official schemas; typing every body by hand would only restate what the assertions check.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // `query<R>` and `unprefixed<R>` name the row shape the caller's SQL selects: a cast by design.
    files: ['src/store/pglite.ts', 'src/store/postgres.ts', 'src/store/db.ts'],
    rules: { '@typescript-eslint/no-unnecessary-type-parameters': 'off' },
  },
  layer(
    ['src/domain/**'],
    [
      '**/api/**',
      '**/flows/**',
      '**/store/**',
      '**/rails/**',
      '**/web/**',
      '**/crypto/**',
      'fastify',
      'pg',
      '@electric-sql/*',
    ],
    'domain/ is pure: types and rules only, no I/O and no framework.',
  ),
  layer(
    ['src/rails/**'],
    [
      '**/api/**',
      '**/flows/**',
      '**/store/**',
      '**/web/**',
      'fastify',
      'pg',
      '@electric-sql/*',
      'node:fs*',
      'node:net',
      'node:http*',
    ],
    'rails/ are pure state machines: they may import domain/ only.',
  ),
  layer(
    ['src/methods/**'],
    ['**/api/**', '**/flows/**', '**/store/**', '**/rails/**', '**/web/**', '**/jobs/**', 'fastify'],
    'methods/ are data about payment methods: they may import domain/ only.',
  ),
  layer(
    ['src/store/**', 'src/crypto/**'],
    ['**/api/**', '**/flows/**', '**/web/**', '**/methods/**', 'fastify'],
    'store/ and crypto/ sit below flows/: they must not reach up into flows, api or web.',
  ),
  layer(
    ['src/flows/**'],
    ['**/api/**', '**/web/**', 'fastify'],
    'flows/ own use cases and transactions; HTTP belongs to api/ and web/.',
  ),
  layer(
    ['src/jobs/**'],
    ['**/api/**', '**/web/**', 'fastify'],
    'jobs/ sit beside flows/ (domain, store, flows, crypto); HTTP belongs to api/ and web/.',
  ),
  layer(
    ['src/api/**', 'src/web/**'],
    ['**/store/**', 'pg', '@electric-sql/*'],
    'api/ and web/ go through flows/, never straight to the store.',
  ),
  layer(['src/sdk/**'], ['../**'], 'sdk/ is a client: it imports nothing from the server.'),
);
