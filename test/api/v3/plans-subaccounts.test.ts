/**
 * `meta`, `payment_plan` and `subaccounts` on the three ways to open a v3 checkout — `POST
 * /v3/payments`, Inline (`POST /v3/inline/sessions`) and the HTML form (`POST /v3/hosted/pay`) —
 * through the public HTTP API, on every available store: `meta` is kept with the session and the
 * charge the customer makes, and verify shows it; a plan or subaccount id is refused with the real
 * API's words (Baobab has neither yet, so every id is unknown), and nothing is opened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import {
  cardForm,
  postPage,
  postV3Payment,
  redirectedTo,
  TEST_CARD,
  v3Payment,
  verifyTransaction,
  visibleText,
} from '../../support/checkout.js';
import { STORES } from '../../support/stores.js';
import { uniqueRef } from '../../support/v3.js';

const SHOP = 'https://shop.example';
const META = { order_id: 7, source: 'web', nested: { gift: true } };
/** What verify shows for META: text values kept, anything else as its JSON (as method charges do). */
const META_SHOWN = { order_id: '7', source: 'web', nested: '{"gift":true}' };

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v3 checkout meta, plans and subaccounts on ${kind.name}`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind);
      m = await gw.merchant('Kofi Foods');
    });
    afterAll(() => gw.close());

    const inlineConfig = (extra: Record<string, unknown> = {}) => ({
      public_key: m.credentials.v3.public_key,
      tx_ref: uniqueRef('inline'),
      amount: 1500,
      currency: 'NGN',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      ...extra,
    });
    const openInline = (body: unknown) =>
      gw.app.inject({
        method: 'POST',
        url: '/v3/inline/sessions',
        headers: { origin: SHOP },
        payload: body as object,
      });
    const form = (extra: Record<string, string> = {}) => ({
      public_key: m.credentials.v3.public_key,
      tx_ref: uniqueRef('form'),
      amount: '1500',
      redirect_url: 'https://merchant.example/back',
      'customer[email]': 'ada@example.com',
      ...extra,
    });

    /** Pays the page at `path` with the card that needs no authentication; the transaction id. */
    async function pay(path: string): Promise<string> {
      const end = redirectedTo(await postPage(gw, path, cardForm(TEST_CARD.noauth)));
      const id = end.searchParams.get('transaction_id');
      expect(id, end.toString()).toMatch(/^[0-9]+$/);
      return String(id);
    }

    it('POST /v3/payments keeps meta with the charge; verify shows it', async () => {
      const res = await postV3Payment(gw, m, v3Payment({ meta: META }));
      expect(res.statusCode, res.body).toBe(200);
      const id = await pay(new URL(res.json().data.link as string).pathname);
      const verified = await verifyTransaction(gw, m, id);
      expect(verified).toMatchObject({ status: 'successful', meta: META_SHOWN });
    });

    it('Inline keeps meta with the charge; verify shows it', async () => {
      const res = await openInline(inlineConfig({ meta: META }));
      expect(res.statusCode, res.body).toBe(200);
      const link = new URL(res.json().data.link as string);
      const page = await gw.app.inject({ method: 'GET', url: link.pathname });
      expect(page.statusCode).toBe(200);
      // The inline page ends on the return page, which names the transaction.
      const end = redirectedTo(await postPage(gw, link.pathname, cardForm(TEST_CARD.noauth)));
      expect(end.pathname).toBe('/v3/inline/return');
      const back = await gw.app.inject({ method: 'GET', url: end.pathname + end.search });
      const id = /"transaction_id":([0-9]+)/.exec(back.body)?.[1];
      expect(await verifyTransaction(gw, m, id)).toMatchObject({ status: 'successful', meta: META_SHOWN });
    });

    it('the HTML form keeps meta[…] with the charge; verify shows it', async () => {
      const page = redirectedTo(
        await postPage(gw, '/v3/hosted/pay', form({ 'meta[order_id]': '7', 'meta[source]': 'web' })),
      );
      const verified = await verifyTransaction(gw, m, await pay(page.pathname));
      expect(verified).toMatchObject({ status: 'successful', meta: { order_id: '7', source: 'web' } });
    });

    it('no meta: verify shows null', async () => {
      const res = await postV3Payment(gw, m, v3Payment());
      const id = await pay(new URL(res.json().data.link as string).pathname);
      expect((await verifyTransaction(gw, m, id)).meta).toBeNull();
    });

    it('POST /v3/payments refuses a plan or subaccount id as unknown, and opens nothing', async () => {
      const body = v3Payment({ payment_plan: 3807 });
      const plan = await postV3Payment(gw, m, body);
      expect(plan.statusCode).toBe(400);
      expect(plan.json()).toEqual({
        status: 'error',
        message: 'No payment plan found: payment_plan 3807 names no plan',
        data: null,
      });
      const sub = await postV3Payment(gw, m, {
        ...body,
        payment_plan: undefined,
        subaccounts: [{ id: 'RS_A8EB7D4D9C66C0B1C75014EE67D4D663', transaction_split_ratio: 2 }],
      });
      expect(sub.statusCode).toBe(400);
      expect(sub.json().message).toBe(
        'Subaccount not found: subaccounts[0].id RS_A8EB7D4D9C66C0B1C75014EE67D4D663 names no subaccount',
      );
      const noId = await postV3Payment(gw, m, { ...body, payment_plan: undefined, subaccounts: [{}] });
      expect(noId.statusCode).toBe(400);
      expect(noId.json().message).toContain('subaccounts');
      // Nothing was opened under the tx_ref; an empty plan and list name nothing.
      const ok = await postV3Payment(gw, m, { ...body, payment_plan: '', subaccounts: [] });
      expect(ok.statusCode, ok.body).toBe(200);
    });

    it('Inline refuses a plan or subaccount id as unknown, readable by the page, and opens nothing', async () => {
      const body = inlineConfig({ payment_plan: 'rpp_cd93e2fa88e065b960bf' });
      const plan = await openInline(body);
      expect(plan.statusCode).toBe(400);
      expect(plan.headers['access-control-allow-origin']).toBe(SHOP);
      expect(plan.json().message).toBe(
        'No payment plan found: payment_plan rpp_cd93e2fa88e065b960bf names no plan',
      );
      const sub = await openInline({ ...body, payment_plan: undefined, subaccounts: [{ id: 'RS_1' }] });
      expect(sub.statusCode).toBe(400);
      expect(sub.json().message).toBe('Subaccount not found: subaccounts[0].id RS_1 names no subaccount');
      const ok = await openInline({ ...body, payment_plan: undefined });
      expect(ok.statusCode, ok.body).toBe(200);
    });

    it('the HTML form refuses a plan or subaccount id with a page naming the field, and opens nothing', async () => {
      const body = form();
      const plan = await postPage(gw, '/v3/hosted/pay', { ...body, payment_plan: '3807' });
      expect(plan.statusCode).toBe(400);
      expect(plan.headers['content-type']).toContain('text/html');
      expect(visibleText(plan.body)).toContain('No payment plan found: payment_plan 3807');
      const sub = await postPage(gw, '/v3/hosted/pay', { ...body, 'subaccounts[0][id]': 'RS_2' });
      expect(sub.statusCode).toBe(400);
      expect(visibleText(sub.body)).toContain('Subaccount not found: subaccounts[0].id RS_2');
      redirectedTo(await postPage(gw, '/v3/hosted/pay', body));
    });
  });
}
