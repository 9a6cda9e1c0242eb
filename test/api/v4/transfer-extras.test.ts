/** v4 retries and duplicates, FX quotes and account resolution, on both stores; other merchants' objects stay invisible. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v4 transfer retries, rates and resolution (${kind.name})`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;
    let n = 0;
    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice');
      bob = await gw.merchant('Bob');
    });
    afterAll(() => gw.close());
    const call = (
      m: TestMerchant,
      method: 'GET' | 'POST',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) =>
      gw.app.inject({
        method,
        url,
        headers: { ...m.headers, ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    const failedTransfer = async () => {
      const rec = await call(alice, 'POST', '/transfers/recipients', {
        type: 'bank',
        bank: { account_number: '0690000040', code: '044' },
      });
      const res = await call(
        alice,
        'POST',
        '/transfers',
        {
          action: 'instant',
          reference: `extra-${String(n++)}-${Date.now()}`,
          payment_instruction: {
            recipient_id: rec.json().data.id,
            source_currency: 'NGN',
            amount: { value: 100, applies_to: 'destination_currency' },
          },
        },
        { 'x-scenario-key': 'scenario:day_limit_error' },
      );
      return res.json().data as { id: string; reference: string; status: string };
    };

    it('retries a failed transfer as a new one that names its parent; a successful one cannot be retried', async () => {
      const parent = await failedTransfer();
      expect(parent.status).toBe('FAILED');
      const res = await call(alice, 'POST', `/transfers/${parent.id}/retries`, { action: 'retry' });
      expect(res.statusCode, res.body).toBe(201);
      expectOperationResponse('POST /transfers/{id}/retries', 201, res.json());
      expect(res.json().data).toMatchObject({
        action: 'retry',
        status: 'PENDING',
        retry: { parent_id: parent.id },
      });
      const child = res.json().data.id as string;
      await call(alice, 'POST', `/sandbox/payouts/${child}/complete`);
      const again = await call(alice, 'POST', `/transfers/${child}/retries`, { action: 'retry' });
      expect(again.statusCode).toBe(409);
      const dup = await call(alice, 'POST', `/transfers/${child}/retries`, {
        action: 'duplicate',
        reference: `dup-${Date.now()}`,
      });
      expect(dup.statusCode).toBe(201);
      expect(dup.json().data).toMatchObject({ action: 'duplicate', duplicate: { parent_id: child } });
      expect(
        (await call(bob, 'POST', `/transfers/${parent.id}/retries`, { action: 'retry' })).statusCode,
      ).toBe(404);
      expect(
        (await call(alice, 'POST', `/transfers/${parent.id}/retries`, { action: 'again' })).statusCode,
      ).toBe(400);
    });

    it('quotes a deterministic rate that expires, for its merchant only', async () => {
      const res = await call(alice, 'POST', '/transfers/rates', {
        source: { currency: 'USD' },
        destination: { currency: 'NGN', amount: 1500 },
      });
      expect(res.statusCode, res.body).toBe(201);
      expectOperationResponse('POST /transfers/rates', 201, res.json());
      expect(res.json().data).toMatchObject({
        rate: '1500',
        source: { amount: '1', currency: 'USD' },
        destination: { amount: '1500' },
      });
      const id = res.json().data.id as string;
      const got = await call(alice, 'GET', `/transfers/rates/${id}`);
      expectOperationResponse('GET /transfers/rates/{id}', 200, got.json());
      expect((await call(bob, 'GET', `/transfers/rates/${id}`)).statusCode).toBe(404);
      gw.clock.advance(11 * 60_000);
      // Tokens last 10 minutes too.
      alice = await gw.login(alice.credentials);
      bob = await gw.login(bob.credentials);
      expect((await call(alice, 'GET', `/transfers/rates/${id}`)).statusCode).toBe(404);
      const bad = await call(alice, 'POST', '/transfers/rates', {
        source: { currency: 'USD' },
        destination: { currency: 'NGN' },
      });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json())).toContain('destination.amount');
    });

    it('resolves bank and wallet accounts, and says which cannot be', async () => {
      const bank = await call(alice, 'POST', '/banks/account-resolve', {
        currency: 'NGN',
        account: { code: '044', number: '0690000040' },
      });
      expect(bank.statusCode).toBe(200);
      expect(bank.json().data).toMatchObject({
        account_number: '0690000040',
        account_name: expect.any(String),
      });
      const none = await call(alice, 'POST', '/banks/account-resolve', {
        currency: 'NGN',
        account: { code: '044', number: '0690000041' },
      });
      expect(none.statusCode).toBe(404);
      const wallet = await call(alice, 'POST', '/wallets/account-resolve', {
        provider: 'flutterwave',
        identifier: '12345678',
      });
      expectOperationResponse('POST /wallets/account-resolve', 200, wallet.json());
      expect(
        (await call(alice, 'POST', '/wallets/account-resolve', { provider: 'other', identifier: '1' }))
          .statusCode,
      ).toBe(400);
      expect(
        (await gw.app.inject({ method: 'POST', url: '/banks/account-resolve', payload: {} })).statusCode,
      ).toBe(401);
    });

    it('direct-transfers makes the recipient and the transfer in one call', async () => {
      const body = {
        action: 'instant',
        reference: `direct-${Date.now()}`,
        payment_instruction: {
          source_currency: 'NGN',
          destination_currency: 'NGN',
          amount: { value: 250, applies_to: 'destination_currency' },
          recipient: {
            name: { first: 'Ada', last: 'Obi' },
            bank: { account_number: '0690000040', code: '044' },
          },
          sender: { name: { first: 'Bola', last: 'Ade' } },
        },
      };
      const res = await call(alice, 'POST', '/direct-transfers', body);
      expect(res.statusCode, res.body).toBe(201);
      expectOperationResponse('POST /direct-transfers', 201, res.json());
      expect(res.json().data).toMatchObject({
        status: 'PENDING',
        type: 'bank',
        recipient: { bank: { account_number: '0690000040' } },
      });
      const rid = res.json().data.recipient.id as string;
      expect((await call(alice, 'GET', `/transfers/recipients/${rid}`)).statusCode).toBe(200);
      expect((await call(bob, 'GET', `/transfers/${res.json().data.id as string}`)).statusCode).toBe(404);
      const missing = await call(alice, 'POST', '/direct-transfers', {
        ...body,
        reference: `direct2-${Date.now()}`,
        type: 'wallet',
      });
      expect(missing.statusCode).toBe(400);
      expect(JSON.stringify(missing.json())).toContain('payment_instruction.recipient.wallet');
    });
  });
}
