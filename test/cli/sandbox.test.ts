/**
 * `baobab sandbox approve|decline|transfer-in` through real processes: charges made through the v3
 * API of a running gateway, answered from the terminal by any of their ids (chg_…, the v3 numeric id,
 * flw_ref, tx_ref), and a bank transfer into an account named by its number. With no gateway they
 * say so in one line.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MerchantCredentials } from '../../src/domain/merchant.js';
import { runBaobab, type BaobabProcess } from '../support/process.js';

const dir = mkdtempSync(join(tmpdir(), 'baobab-sandbox-cli-'));
// No timer completes a waiting charge while the test looks at it.
const env = { BAOBAB_DATA_DIR: dir, PORT: '0', BAOBAB_SANDBOX_AUTO_COMPLETE_MS: '3600000' };
const running: BaobabProcess[] = [];
let url = '';
let secretKey = '';
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const p = runBaobab(args, env);
  running.push(p);
  const code = await p.exited;
  return { code, out: p.stdout(), err: p.stderr() };
}

const fields = (out: string): Record<string, string> =>
  Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.split('\t') as [string, string]),
  );

interface V3Reply {
  status: string;
  message: string;
  data?: { id: number; tx_ref: string; flw_ref: string; status: string };
  meta?: { authorization?: { transfer_account?: string; mode?: string } };
}

async function v3(path: string, body: object, scenario?: string): Promise<V3Reply> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${secretKey}`,
      'content-type': 'application/json',
      ...(scenario === undefined ? {} : { 'x-scenario-key': scenario }),
    },
    body: JSON.stringify(body),
  });
  return (await res.json()) as V3Reply;
}

const charge = (type: string, body: object, scenario?: string) => {
  const txRef = `cli-${randomBytes(6).toString('hex')}`;
  return v3(
    `/v3/charges?type=${type}`,
    { ...body, tx_ref: txRef, email: 'ama@example.com', fullname: 'Ama Mensah' },
    scenario,
  ).then((reply) => ({ reply, txRef }));
};

const verify = async (id: number) =>
  (
    (await (
      await fetch(`${url}/v3/transactions/${String(id)}/verify`, {
        headers: { authorization: `Bearer ${secretKey}` },
      })
    ).json()) as { data: { status: string; processor_response: string } }
  ).data;

describe('baobab sandbox without a gateway', () => {
  it('says in one line that none runs, and exits 1', async () => {
    const res = await cli('sandbox', 'approve', 'chg_nothing');
    expect(res.code).toBe(1);
    expect(res.out).toBe('');
    expect(res.err).toBe(
      `baobab sandbox approve: no gateway is running on ${dir} (start one with \`baobab serve\`)\n`,
    );
  }, 30_000);

  it('refuses a misuse before looking for one (exit 2)', async () => {
    const res = await cli('sandbox', 'transfer-in', '0123456789', 'lots');
    expect(res.code).toBe(2);
    expect(res.err).toContain('the amount must be a positive number (got "lots")');
  }, 30_000);
});

describe('baobab sandbox against a running gateway', () => {
  beforeAll(async () => {
    const serve = runBaobab(['serve'], env);
    running.push(serve);
    url = await serve.listening();
    secretKey = (
      JSON.parse(readFileSync(join(dir, 'sandbox-credentials.json'), 'utf8')) as MerchantCredentials
    ).v3.secret_key;
  }, 120_000);

  it('approves a charge waiting on a phone prompt, named by its v3 numeric id', async () => {
    const { reply } = await charge('mpesa', { amount: 100, currency: 'KES', phone_number: '25454709929220' });
    const id = reply.data?.id ?? 0;
    expect(reply.data?.status).toBe('pending');
    const approved = await cli('sandbox', 'approve', String(id));
    expect(approved.err).toBe('');
    expect(approved.code).toBe(0);
    expect(fields(approved.out)).toMatchObject({
      charge: expect.stringMatching(/^chg_/),
      tx_id: String(id),
      status: 'succeeded',
      amount: '100 KES',
      processor_response: '00 approved',
    });
    expect((await verify(id)).status).toBe('successful');

    // Once final, the gateway's own message, exit 1; by its chg_ id this time.
    const again = await cli('sandbox', 'decline', fields(approved.out)['charge'] ?? '');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^baobab sandbox decline: Charge chg_\w+ is already succeeded\n$/);
  }, 90_000);

  it('declines a USSD charge by its flw_ref, with the issuer answer given', async () => {
    const { reply } = await charge('ussd', {
      amount: 1500,
      currency: 'NGN',
      account_bank: '058',
      phone_number: '07033923458',
    });
    const flwRef = reply.data?.flw_ref ?? '';
    const declined = await cli('sandbox', 'decline', flwRef, '--issuer', 'insufficient_funds');
    expect(declined.code).toBe(0);
    expect(fields(declined.out)).toMatchObject({
      flw_ref: flwRef,
      status: 'failed',
      processor_response: '51 insufficient_funds',
    });
    expect((await verify(reply.data?.id ?? 0)).status).toBe('failed');
  }, 90_000);

  it('answers the sandbox page of a charge that waits on one, by its tx_ref', async () => {
    // v3 Ghana mobile money sends the customer to the sandbox page: the reply has no data, only the tx_ref.
    const { reply, txRef } = await charge('mobile_money_ghana', {
      amount: 150,
      currency: 'GHS',
      network: 'MTN',
      phone_number: '054709929220',
    });
    expect(reply.meta?.authorization?.mode).toBe('redirect');
    const approved = await cli('sandbox', 'approve', txRef);
    expect(approved.code).toBe(0);
    expect(fields(approved.out)).toMatchObject({ tx_ref: txRef, status: 'succeeded' });
  }, 90_000);

  it('pays a bank-transfer charge with a transfer into its account number', async () => {
    const { reply } = await charge('bank_transfer', { amount: 1500, currency: 'NGN', expires: 3600 });
    const account = reply.meta?.authorization?.transfer_account ?? '';
    expect(account).toMatch(/^\d{10}$/);
    const paid = await cli('sandbox', 'transfer-in', account, '1500');
    expect(paid.err).toBe('');
    expect(paid.code).toBe(0);
    expect(fields(paid.out)).toMatchObject({ status: 'succeeded', amount: '1500 NGN' });
    expect(fields(paid.out)['virtual_account']).toMatch(new RegExp(`^van_\\w+ ${account}$`));
  }, 90_000);

  it('prints the gateway’s message for an id nothing has, and exits 1', async () => {
    const charge404 = await cli('sandbox', 'approve', 'chg_doesnotexist');
    expect(charge404).toMatchObject({
      code: 1,
      out: '',
      err: 'baobab sandbox approve: No charge has the id or reference chg_doesnotexist\n',
    });
    const account404 = await cli('sandbox', 'transfer-in', '9999999999', '10');
    expect(account404).toMatchObject({
      code: 1,
      err: 'baobab sandbox transfer-in: No virtual account has the id or number 9999999999\n',
    });
  }, 60_000);
});
