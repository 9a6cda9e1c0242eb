/** docs/sandbox.md's payout tables, checked against the rail and the migration's opening balances. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAYOUT_SCENARIOS, V3_TEST_ACCOUNTS } from '../src/rails/payout.js';
import { REPO } from './support/process.js';

const text = readFileSync(join(REPO, 'docs', 'sandbox.md'), 'utf8');
const section = (name: string) =>
  text
    .slice(text.indexOf(`<!-- ${name}:start -->`), text.indexOf(`<!-- ${name}:end -->`))
    .replace(/ +/g, ' ');

describe('docs/sandbox.md payouts', () => {
  it('lists every transfer scenario key the rail takes, and no other', () => {
    const keys = [...section('payout-scenarios').matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(keys.sort()).toEqual([...PAYOUT_SCENARIOS].sort());
  });

  it('lists every v3 test account', () => {
    const accounts = [...section('payout-accounts').matchAll(/^\| `(\d+)` \|/gm)].map((m) => m[1]);
    expect(accounts.sort()).toEqual(Object.keys(V3_TEST_ACCOUNTS).sort());
  });

  it('lists the opening balance of every currency the migration seeds', () => {
    const sql = readFileSync(join(REPO, 'src/store/migrations/0012_ledger_transfers.sql'), 'utf8');
    const seeded = [...sql.matchAll(/\('([A-Z]{3})', \d+\)/g)].map((m) => m[1]);
    const listed = [...section('opening-balances').matchAll(/^\| ([A-Z]{3}) \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(seeded.sort());
  });
});
