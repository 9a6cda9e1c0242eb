/** The docs promise things about the code; these tests keep the promises true. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../src/domain/errors.js';
import { DEFAULT_PRICING } from '../src/methods/pricing.js';
import { ISSUER_RESPONSES } from '../src/domain/issuers.js';
import { MOBILE_NETWORKS } from '../src/domain/reference/mobile-networks.js';
import { CARD_FLOWS } from '../src/rails/card.js';
import { RAILS } from '../src/rails/index.js';
import { TEST_CARDS } from '../src/methods/card-test-cards.js';
import { TEST_ACCOUNTS } from '../src/methods/ng-account-debit.js';
import { startGateway, type TestGateway } from './support/gateway.js';
import { REPO } from './support/process.js';

const doc = (name: string) => readFileSync(join(REPO, 'docs', name), 'utf8');

describe('docs/errors.md', () => {
  it('lists every error type of the catalogue with its code and HTTP status, and nothing else', () => {
    const rows = [...doc('errors.md').matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*`(\d+)`\s*\|\s*(\d{3})\s*\|/gm)].map(
      (m) => [m[1], m[2], Number(m[3])],
    );
    const catalogue = Object.entries(ERROR_CATALOGUE).map(([type, spec]) => [type, spec.code, spec.http]);
    expect(rows).toEqual(catalogue);
  });
});

describe('docs/compatibility.md', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('lists every route the gateway serves', async () => {
    const paths = Object.keys(
      (await gw.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths as object,
    );
    const text = doc('compatibility.md');
    for (const path of paths) expect(text, path).toContain(path.replace(/\?.*/, ''));
  });
});

describe('docs/sandbox.md', () => {
  const section = (name: string) => {
    const text = doc('sandbox.md');
    return text
      .slice(text.indexOf(`<!-- ${name}:start -->`), text.indexOf(`<!-- ${name}:end -->`))
      .replace(/ +/g, ' ');
  };

  it('lists every issuer outcome of the rails with its code', () => {
    const table = section('issuers');
    for (const [type, code] of Object.entries(ISSUER_RESPONSES))
      expect(table).toContain(`| \`${type}\` | \`${code}\` |`);
    expect(table.match(/^\| `[a-z_]+` \|/gm)).toHaveLength(Object.keys(ISSUER_RESPONSES).length);
  });

  it('describes the rate of every payment method in the default pricing', () => {
    const table = section('pricing');
    for (const method of Object.keys(DEFAULT_PRICING.methods)) expect(table).toContain(`\`${method}\``);
  });

  it('lists every v3 test card with its flow and outcome', () => {
    const table = section('v3-cards');
    for (const card of TEST_CARDS) {
      expect(table).toContain(`| \`${card.number}\` | \`${card.flow}\` | \`${card.issuer}\` |`);
    }
  });

  it('lists every v3 test bank account with its outcome', () => {
    const table = section('test-accounts');
    for (const a of TEST_ACCOUNTS) {
      expect(table).toContain(`| \`${a.bank}\` | \`${a.number}\` | \`${a.issuer}\``);
    }
  });

  it('lists every card flow', () => {
    const table = section('card-flows');
    for (const flow of CARD_FLOWS) expect(table).toContain(`\`${flow}\``);
  });

  it('lists, per payment method, the scenario values its rail takes and its default, from the rails', () => {
    const table = section('method-scenarios');
    for (const [type, rail] of Object.entries(RAILS)) {
      const flows = rail.flows.map((f) => `\`${f}\``).join(', ');
      expect(table).toContain(`| \`${type}\` | ${flows} | \`${rail.defaultFlow}\` |`);
    }
    expect(table.match(/^\| `[a-z_]+` \|/gm)).toHaveLength(Object.keys(RAILS).length);
  });

  it('shows the mobile-network table the API serves', () => {
    const text = doc('sandbox.md');
    // Prettier pads table cells: compare with runs of spaces collapsed.
    const table = text
      .slice(text.indexOf('<!-- mobile-networks:start -->'), text.indexOf('<!-- mobile-networks:end -->'))
      .replace(/ +/g, ' ');
    for (const [country, networks] of Object.entries(MOBILE_NETWORKS)) {
      const row = networks.map((n) => `\`${n.network}\` (${n.name})`).join(', ');
      expect(table).toContain(`| ${country} | ${row} |`);
    }
  });
});
