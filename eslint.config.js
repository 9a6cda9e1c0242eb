// Type-aware lint. The layer rules below enforce the dependency direction of docs/ARCHITECTURE.md:
// api → flows → domain; flows → store, rails, crypto; jobs → flows, store, crypto, domain;
// rails → domain only; sdk → nothing of the server.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const packages = (files, forbidden, why) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message: why })) },
    ],
  },
});

/**
 * The layers, each with the folders of ours it may import (besides its own). Anything under src/ not
 * listed is refused. Paths are relative to src/; a folder allows everything below it.
 */
const LAYERS = [
  { layer: 'domain', may: [] },
  { layer: 'rails', may: ['domain'] },
  { layer: 'methods', may: ['domain', 'rails'] },
  { layer: 'crypto', may: ['domain'] },
  { layer: 'store', may: ['domain'] },
  { layer: 'flows', may: ['domain', 'crypto', 'store', 'rails', 'methods', 'sdk'] },
  { layer: 'jobs', may: ['domain', 'crypto', 'store', 'flows', 'sdk'] },
  { layer: 'api/http', may: ['domain', 'crypto', 'flows', 'methods'] },
  { layer: 'api/v3', may: ['api/http', 'domain', 'crypto', 'flows', 'methods'] },
  { layer: 'api/v4', may: ['api/http', 'domain', 'crypto', 'flows', 'methods'] },
  {
    layer: 'api/*.ts',
    may: ['api/http', 'api/v3', 'api/v4', 'domain', 'crypto', 'flows', 'methods'],
  },
  { layer: 'web/*.ts', may: ['domain'] },
  { layer: 'web/sandbox', may: ['web/*.ts', 'api/http', 'domain', 'crypto', 'flows', 'methods'] },
  { layer: 'web/checkout', may: ['web/*.ts', 'api/http', 'domain', 'crypto', 'flows', 'methods'] },
  { layer: 'sdk', may: [] },
];

/** Every folder and top-level file group a layer can be refused. */
const ALL = [...new Set(LAYERS.map((l) => l.layer)), 'app.ts', 'main.ts', 'boot.ts', 'cli'];

/** `api/*.ts` → the files directly in api/; `api/http` → the folder. */
const target = (layer) => (layer.endsWith('/*.ts') ? `./src/${layer.slice(0, -5)}/*.ts` : `./src/${layer}`);

function zonesOf({ layer, may }) {
  const allowed = new Set([layer, ...may]);
  return ALL.filter((other) => !allowed.has(other) && !(layer.startsWith(`${other}/`) && other !== layer))
    .filter((other) => !(other.endsWith('/*.ts') && layer.startsWith(other.slice(0, -4))))
    .map((other) => ({
      target: target(layer),
      from: target(other),
      message: `${layer} may import only ${may.length > 0 ? may.join(', ') : 'nothing of ours'} (docs/ARCHITECTURE.md)`,
    }));
}

/** The layer and cycle rules, alone: test/lint/layers.test.ts lints probes with just these. */
export const layerRules = {
  files: ['src/**/*.ts'],
  plugins: { 'import-x': importX },
  settings: {
    'import-x/resolver-next': [createTypeScriptImportResolver()],
    // no-cycle parses the files an import leads to: with the TypeScript parser, as ESLint does.
    'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    'import-x/extensions': ['.ts', '.js'],
  },
  rules: {
    'import-x/no-restricted-paths': ['error', { zones: LAYERS.flatMap(zonesOf) }],
    'import-x/no-cycle': ['error', { ignoreExternal: true }],
  },
};

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
  // Which of our folders each layer may import: allowlists, the table of docs/ARCHITECTURE.md.
  layerRules,
  // Packages a layer must not use: the pure layers do no I/O and know no framework.
  packages(
    ['src/domain/**', 'src/methods/**'],
    ['fastify', 'pg', '@electric-sql/*', 'node:fs*', 'node:net', 'node:http*'],
    'domain/ and methods/ are pure: types, data and rules, no I/O and no framework.',
  ),
  packages(
    ['src/rails/**'],
    ['fastify', 'pg', '@electric-sql/*', 'node:fs*', 'node:net', 'node:http*', 'node:crypto'],
    'rails/ are pure state machines: no I/O, no clock, no randomness.',
  ),
  packages(
    ['src/store/**', 'src/crypto/**', 'src/flows/**', 'src/jobs/**'],
    ['fastify', '@fastify/*'],
    'HTTP belongs to api/ and web/.',
  ),
  packages(
    ['src/api/**', 'src/web/**'],
    ['pg', '@electric-sql/*'],
    'api/ and web/ go through flows/, never straight to the store.',
  ),
  packages(['src/sdk/**'], ['fastify', 'pg', '@electric-sql/*'], 'sdk/ is a client library.'),
);
