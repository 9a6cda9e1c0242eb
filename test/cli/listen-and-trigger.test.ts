/**
 * End to end, as a developer runs them: `baobab serve`, then `baobab listen --forward-to` a local
 * receiver, then `baobab trigger charge.completed` (and `--status failed`), each a real process,
 * finding the gateway's sandbox credentials in the data directory. The receiver must get both events
 * with bodies and headers that verify with the merchant's secret hash, and listen must print one line
 * per event with the receiver's answer.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MerchantCredentials } from '../../src/domain/merchant.js';
import { verifyWebhook } from '../../src/sdk/webhooks.js';
import { runBaobab, type BaobabProcess } from '../support/process.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

const dir = mkdtempSync(join(tmpdir(), 'baobab-listen-'));
const running: BaobabProcess[] = [];
let receiver: Receiver | undefined;
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

const baobab = (...args: string[]) => {
  const p = runBaobab(args, { BAOBAB_DATA_DIR: dir, PORT: '0', BAOBAB_JOB_POLL_MS: '50' });
  running.push(p);
  return p;
};

async function until(condition: () => boolean, what: () => string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('baobab listen and baobab trigger', () => {
  it(
    'forward the triggered events, signed, to the local URL and print a line for each',
    { timeout: 90_000 },
    async () => {
      const gateway = baobab('serve');
      const [url, local] = await Promise.all([gateway.listening(), startReceiver()]);
      receiver = local;
      local.answer((n) => (n === 0 ? 200 : 503));
      const { webhook_secret_hash: secret } = JSON.parse(
        readFileSync(join(dir, 'sandbox-credentials.json'), 'utf8'),
      ) as MerchantCredentials;

      const listener = baobab('listen', '--forward-to', local.url, '--gateway', url);
      const unknown = baobab('trigger', 'charge.complete', '--gateway', url);
      await until(
        () => listener.stdout().includes('Ready.'),
        () => listener.stderr(),
      );
      expect(listener.stdout()).toBe(
        `Ready. Forwarding v4 events to ${local.url}; signing secret ${secret}\n`,
      );

      // Both at once: the order of their events is the order the gateway wrote them.
      const succeeded = baobab('trigger', 'charge.completed', '--gateway', url);
      const failed = baobab('trigger', 'charge.completed', '--status', 'failed', '--gateway', url);
      expect(await succeeded.exited, succeeded.stderr()).toBe(0);
      expect(await failed.exited, failed.stderr()).toBe(0);
      expect(succeeded.stdout()).toMatch(
        /^Created charge \d+ .*: successful\ncharge\.completed is on its way\.\n$/,
      );
      expect(failed.stdout()).toMatch(/^Created charge \d+ .*: failed\ncharge\.completed is on its way\.\n$/);

      const received = await local.waitFor(2, 20_000);
      const bodies = received.map((r) => JSON.parse(r.body) as { type: string; data: { status: string } });
      expect(bodies.map((b) => [b.type, b.data.status]).sort()).toEqual([
        ['charge.completed', 'failed'],
        ['charge.completed', 'succeeded'],
      ]);
      for (const r of received) {
        expect(r.headers['content-type']).toBe('application/json');
        expect(verifyWebhook(r.body, r.headers, secret)).toEqual({ ok: true });
      }
      await until(
        () => listener.stdout().split('\n').length >= 4,
        () => listener.stdout(),
      );
      // One line per event, in the order received, with what the receiver answered it.
      expect(listener.stdout().split('\n').slice(1, 3)).toEqual(
        received.map((r, n) =>
          expect.stringMatching(
            new RegExp(
              `^\\d\\d:\\d\\d:\\d\\d  charge\\.completed  ${String(r.headers['webhook-id'])}  ${(JSON.parse(r.body) as { data: { status: string } }).data.status} NGN [\\d.]+  → ${n === 0 ? 200 : 503} \\(\\d+ ms\\)$`,
            ),
          ),
        ),
      );

      expect(await unknown.exited).toBe(2);
      expect(unknown.stderr()).toContain(
        'unknown event "charge.complete"; supported events: charge.completed, refund.completed',
      );
      expect(await listener.stop('SIGINT')).toBe(0);
      expect(listener.stderr()).toBe('');
    },
  );
});
