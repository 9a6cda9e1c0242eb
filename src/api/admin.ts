/**
 * The admin API of a running gateway, for the `baobab` CLI on the same machine (src/cli/gateway-client.ts):
 * what the store commands (`merchants list|create|webhook|rotate-keys`, `reset`) and the sandbox
 * commands do, without opening the store a second time (an embedded PGlite store is one process's).
 *
 * Registered only when `serve` gives a token. Every route under `/_admin` refuses a peer that is not
 * on loopback (403) and a request without `Authorization: Bearer <token>` (401), before anything else;
 * none appears in /openapi.json. Answers are `{"status":"success","data":…}`; errors are v4 envelopes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { appError } from '../domain/errors.js';
import { isV3Format } from '../domain/webhook-endpoints.js';
import type { WebhookEndpoint } from '../domain/webhooks.js';
import type { Deps } from '../flows/deps.js';
import { createMerchant, listMerchants, rotateV3Keys } from '../flows/merchants/merchants.js';
import { setV3Endpoint, showV3Endpoint, unsetV3Endpoint } from '../flows/webhooks/webhook-endpoints.js';
import { resetSandbox } from '../flows/sandbox/reset.js';
import { adminSandboxRoutes } from './admin-sandbox.js';

export const ADMIN_PREFIX = '/_admin';

export interface AdminOptions {
  /** The bearer token every admin request must carry (`serve` makes a random one per run). */
  readonly token: string;
}

/** Whether the TCP peer is this machine: 127.0.0.0/8 or ::1, also as IPv4-mapped IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function bearerMatches(req: FastifyRequest, expected: Buffer): boolean {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice('Bearer '.length)), expected);
}

export const adminOk = (data: unknown) => ({ status: 'success' as const, data });

const MerchantParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

const endpointView = (e: WebhookEndpoint) => ({ id: e.id, url: e.url, format: e.mode });

export async function adminRoutes(app: FastifyInstance, deps: Deps, options: AdminOptions): Promise<void> {
  const expected = digest(options.token);
  await app.register(
    async (root) => {
      const admin = root.withTypeProvider<TypeBoxTypeProvider>();
      root.addHook('onRoute', (route) => {
        route.schema = { ...route.schema, hide: true };
        route.config = { ...route.config, dialect: 'v4' };
      });
      // The socket's peer, never a forwarded header: the token travels only over loopback.
      root.addHook('onRequest', async (req, reply) => {
        if (!isLoopback(req.socket.remoteAddress)) {
          return reply.fail(appError('FORBIDDEN', 'The admin API answers only on loopback'));
        }
        if (!bearerMatches(req, expected)) {
          return reply.fail(appError('UNAUTHORIZED', 'The admin API needs the token of gateway.json'));
        }
        return undefined;
      });

      admin.get('/ping', async () => adminOk({ pid: process.pid }));

      admin.get('/merchants', async () =>
        adminOk(
          (await listMerchants(deps)).map((m) => ({
            id: m.id,
            name: m.name,
            v4_client_id: m.v4ClientId,
            v3_public_key: m.v3PublicKey,
            v3_secret_key_prefix: m.v3SecretKeyPrefix,
          })),
        ),
      );

      admin.post(
        '/merchants',
        { schema: { body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }) } },
        async (req, reply) =>
          reply.code(201).send(adminOk((await createMerchant(deps, req.body.name)).credentials)),
      );

      admin.post('/merchants/:id/rotate-keys', { schema: { params: MerchantParams } }, async (req, reply) => {
        const rotated = await rotateV3Keys(deps, req.params.id);
        if (!rotated.ok) return reply.fail(rotated.error);
        const { merchant, sandboxSeed, v3 } = rotated.value;
        // This node's cached profile (with the encryption key) is replaced now, not in a minute.
        await deps.profiles.get(merchant.id, true);
        return adminOk({ merchant_id: merchant.id, sandbox_seed: sandboxSeed, v3 });
      });

      admin.get('/merchants/:id/webhook', { schema: { params: MerchantParams } }, async (req, reply) => {
        const shown = await showV3Endpoint(deps, req.params.id);
        if (!shown.ok) return reply.fail(shown.error);
        const { endpoint, secretHashHint } = shown.value;
        return adminOk({ endpoint: endpoint ? endpointView(endpoint) : null, secret_hash: secretHashHint });
      });

      admin.put(
        '/merchants/:id/webhook',
        {
          schema: {
            params: MerchantParams,
            body: Type.Object({
              url: Type.String({ maxLength: 2048 }),
              format: Type.String({ maxLength: 20 }),
              secret_hash: Type.Optional(Type.String({ maxLength: 1000 })),
            }),
          },
        },
        async (req, reply) => {
          const { url, format, secret_hash: secretHash } = req.body;
          if (!isV3Format(format)) {
            return reply.fail(appError('REQUEST_NOT_VALID', 'format must be envelope or legacy'));
          }
          const set = await setV3Endpoint(deps, req.params.id, {
            url,
            format,
            ...(secretHash !== undefined && { secretHash }),
          });
          if (!set.ok) return reply.fail(set.error);
          return adminOk(endpointView(set.value));
        },
      );

      admin.delete('/merchants/:id/webhook', { schema: { params: MerchantParams } }, async (req, reply) => {
        const removed = await unsetV3Endpoint(deps, req.params.id);
        if (!removed.ok) return reply.fail(removed.error);
        return adminOk(removed.value ? endpointView(removed.value) : null);
      });

      admin.post('/merchants/:id/reset', { schema: { params: MerchantParams } }, async (req, reply) => {
        const reset = await resetSandbox(deps, req.params.id);
        if (!reset.ok) return reply.fail(reset.error);
        return adminOk(reset.value);
      });

      adminSandboxRoutes(root, deps);
    },
    { prefix: ADMIN_PREFIX },
  );
}
