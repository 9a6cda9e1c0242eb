/**
 * "The PAN and CVV never reach the database, a log, an event or an error body": drive card traffic
 * of every kind through the public API with logging on, then scan every row of every table and every
 * log line. Leaves are compared exactly (a CVV is short enough to occur inside unrelated numbers).
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptCard, encryptPin } from '../support/cards.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { STORES } from '../support/stores.js';

// Distinctive values, so that finding them anywhere means they leaked.
const PANS = ['4000056655665556', '5200828282828210', '378734493671000'];
const CVVS = ['817', '394', '6152'];
const PIN = '8426';

function leaves(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => leaves(v, out));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => leaves(v, out));
  else if (value !== null && value !== undefined)
    out.push(typeof value === 'string' ? value : JSON.stringify(value));
  return out;
}

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`card data at rest and in logs on ${kind.name}`, () => {
    const lines: string[] = [];
    let gw: TestGateway;
    let m: TestMerchant;
    beforeAll(async () => {
      const stream = new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
          done();
        },
      });
      gw = await startGateway(kind, { logger: pino({ level: 'trace' }, stream) });
      m = await gw.merchant('Scanner');
    });
    afterAll(() => gw.close());

    it('keeps no PAN, CVV or PIN anywhere after every kind of card request', async () => {
      const key = m.credentials.v4.encryption_key;
      const post = (url: string, payload: object, scenario?: string) =>
        gw.app.inject({
          method: 'POST',
          url,
          headers: { ...m.headers, ...(scenario ? { 'x-scenario-key': scenario } : {}) },
          payload,
        });
      let n = 0;
      for (const [i, pan] of PANS.entries()) {
        const card = encryptCard(key, { number: pan, cvv: CVVS[i] ?? '000' });
        for (const scenario of [
          undefined,
          'scenario:auth_pin',
          'scenario:auth_3ds',
          'issuer:insufficient_funds',
        ]) {
          const res = await post(
            '/orchestration/direct-charges',
            {
              amount: 100,
              currency: 'NGN',
              reference: `scan-${n++}-ref`,
              customer: { email: 'scan@example.com' },
              payment_method: { type: 'card', card },
            },
            scenario,
          );
          expect(res.statusCode).toBe(201);
          if (scenario === 'scenario:auth_pin') {
            await gw.app.inject({
              method: 'PUT',
              url: `/charges/${res.json().data.id as string}`,
              headers: m.headers,
              payload: { authorization: encryptPin(key, PIN) },
            });
          }
        }
        expect((await post('/payment-methods', { type: 'card', card })).statusCode).toBe(201);
        // Rejected cards too: an expired one and a bad CVV.
        await post('/payment-methods', {
          type: 'card',
          card: encryptCard(key, { number: pan, year: '20', cvv: CVVS[i] ?? '000' }),
        });
        await post('/payment-methods', { type: 'card', card: encryptCard(key, { number: pan, cvv: '1' }) });
      }

      const { rows: tables } = await gw.deps.db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      );
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(['charges', 'payment_methods', 'events']),
      );
      const stored: string[] = [];
      for (const { name } of tables) {
        const { rows } = await gw.deps.db.query(`SELECT row_to_json(t) AS r FROM ${name} t`);
        for (const row of rows) stored.push(...leaves(row['r']));
      }
      const logged = lines.flatMap((l) => leaves(JSON.parse(l) as unknown));
      expect(stored.length).toBeGreaterThan(100);
      expect(logged.length).toBeGreaterThan(100);
      for (const [where, values] of [
        ['the database', stored],
        ['the logs', logged],
      ] as const) {
        const text = values.join('\n');
        for (const pan of PANS) {
          expect(text, `a PAN in ${where}`).not.toContain(pan);
          expect(text, `PAN digits 7–12 in ${where}`).not.toContain(pan.slice(6, 12));
        }
        for (const secret of [...CVVS, PIN]) expect(values, `a CVV or PIN in ${where}`).not.toContain(secret);
      }
      // What is kept is what may be kept.
      const { rows } = await gw.deps.db.query<{ details: { card: Record<string, unknown> } }>(
        `SELECT details FROM payment_methods WHERE merchant_id = $1 LIMIT 1`,
        [m.credentials.merchant_id],
      );
      expect(Object.keys(rows[0]?.details.card ?? {}).sort()).toEqual(
        ['expiryMonth', 'expiryYear', 'fingerprint', 'first6', 'last4', 'network'].sort(),
      );
    });
  });
}
