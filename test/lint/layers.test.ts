/**
 * The layer rules of eslint.config.js refuse each crossing docs/ARCHITECTURE.md forbids: each case
 * lints one import, as if written in a file of the importing layer, and expects the rule's error.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
// @ts-expect-error -- the lint configuration is plain JavaScript, with no types of its own.
import { layerRules } from '../../eslint.config.js';
import { describe, expect, it } from 'vitest';
import { REPO } from '../support/process.js';

// Only the layer rules, without type information: a probe file need not exist in the TS project.
const eslint = new ESLint({
  cwd: REPO,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, layerRules],
});

/** The rule ids ESLint reports for `source` placed at `file`. */
async function violations(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${REPO}${file}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const CROSSINGS: readonly (readonly [string, string, string])[] = [
  ['web imports api/v3', 'src/web/checkout/probe.ts', '../../api/v3/envelope.js'],
  ['web imports api/v4', 'src/web/sandbox/probe.ts', '../../api/v4/envelope.js'],
  ['api/v3 imports api/v4', 'src/api/v3/probe.ts', '../v4/envelope.js'],
  ['api/v4 imports api/v3', 'src/api/v4/probe.ts', '../v3/envelope.js'],
  ['api imports web', 'src/api/v4/probe.ts', '../../web/html.js'],
  ['api/http imports a dialect', 'src/api/http/probe.ts', '../v4/envelope.js'],
  ['flows import jobs', 'src/flows/probe.ts', '../jobs/worker.js'],
  ['flows import api', 'src/flows/probe.ts', '../api/http/errors.js'],
  ['store imports flows', 'src/store/probe.ts', '../flows/deps.js'],
  ['domain imports store', 'src/domain/probe.ts', '../store/db.js'],
  ['rails import methods', 'src/rails/probe.ts', '../methods/index.js'],
  ['methods import flows', 'src/methods/probe.ts', '../flows/deps.js'],
  ['api imports the store', 'src/api/v4/probe.ts', '../../store/db.js'],
  ['checkout imports the sandbox pages', 'src/web/checkout/probe.ts', '../sandbox/redirect-page.js'],
  ['sdk imports the server', 'src/sdk/probe.ts', '../domain/errors.js'],
];

describe('layer rules', () => {
  it.each(CROSSINGS)('refuses: %s', async (_name, file, target) => {
    const found = await violations(file, `export * from '${target}';\n`);
    expect(found).toContain('import-x/no-restricted-paths');
  });

  it('allows what the table allows (a dialect importing api/http, flows and methods)', async () => {
    const source = [
      "export * from '../http/errors.js';",
      "export * from '../../flows/deps.js';",
      "export * from '../../methods/index.js';",
      '',
    ].join('\n');
    const found = await violations('src/api/v3/probe.ts', source);
    expect(found).not.toContain('import-x/no-restricted-paths');
  });
});
