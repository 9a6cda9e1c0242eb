/**
 * Managing where a merchant's events go. v4: any number of endpoints, each with its own secret
 * (`/profile/webhook-endpoints`). v3: the one dashboard URL, signed with the merchant's secret hash
 * (`baobab merchants webhook …`, and `BAOBAB_WEBHOOK_URL` for the sandbox merchant at boot).
 * Secrets are sealed at rest and only ever shown masked. An endpoint disabled or deleted stops
 * receiving: the relay skips it and its pending deliveries end failed (jobs/webhook-delivery.ts).
 */
import { seal, unseal } from '../../crypto/sealed.js';
import { appError, notFound, type AppError } from '../../domain/errors.js';
import { looksLikeId, newId } from '../../domain/ids.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import {
  maskSecret,
  secretHashProblem,
  webhookUrlProblem,
  type EndpointDetails,
  type EndpointPatch,
  type V3Format,
} from '../../domain/webhook-endpoints.js';
import type { WebhookEndpoint } from '../../domain/webhooks.js';
import { replyInsert } from '../../store/idempotency.js';
import { findMerchantSecrets, findSandboxMerchantId, setWebhookSecretHash } from '../../store/merchants.js';
import { writeAll } from '../../store/statement.js';
import {
  deleteEndpoint as storeDelete,
  deleteV3Endpoint,
  endpointInsert,
  findSealedEndpoint,
  findV3Endpoint,
  listEndpoints,
  updateEndpoint as storeUpdate,
  upsertV3Endpoint,
  type SealedEndpoint,
} from '../../store/webhook-endpoints.js';
import type { Deps } from '../deps.js';
import { execute, inTransaction, prepared, type Executed, type Rendering } from '../unit-of-work.js';

/** A v4 endpoint as its owner may see it: the secret only masked. */
export interface ManagedEndpoint extends WebhookEndpoint {
  readonly secretHint: string;
}

const urlInvalid = (problem: string): AppError =>
  appError('WEBHOOK_URL_INVALID', `url ${problem}`, [{ field: 'url', message: `url ${problem}` }]);

const endpointNotFound = (id: string): AppError =>
  appError('WEBHOOK_ENDPOINT_NOT_FOUND', `Webhook endpoint ${id} was not found`);

function checkUrl(url: string | undefined): Result<void> {
  const problem = url === undefined ? undefined : webhookUrlProblem(url);
  return problem === undefined ? ok(undefined) : err(urlInvalid(problem));
}

function managed(deps: Pick<Deps, 'keys'>, { endpoint, secretSealed }: SealedEndpoint): ManagedEndpoint {
  // The schema's CHECK makes every v4 endpoint carry a secret.
  if (secretSealed === null) throw new Error(`v4 endpoint ${endpoint.id} has no secret`);
  return { ...endpoint, secretHint: maskSecret(unseal(deps.keys.sealKey, secretSealed)) };
}

// ─── v4 ─────────────────────────────────────────────────────────────────────────────────────────

/** POST /profile/webhook-endpoints: idempotent under X-Idempotency-Key. */
export function createEndpoint(
  deps: Deps,
  merchantId: string,
  details: EndpointDetails,
  rendering: Rendering<ManagedEndpoint>,
): Promise<Result<Executed>> {
  return execute(deps, merchantId, rendering, async () => {
    const url = checkUrl(details.url);
    if (!url.ok) return url;
    const now = deps.clock.now();
    const endpoint: WebhookEndpoint = {
      id: newId('webhookEndpoint'),
      merchantId,
      dialect: 'v4',
      url: details.url,
      ...(details.eventTypes && { eventTypes: details.eventTypes }),
      status: details.status,
      mode: details.mode,
      ...(details.description !== undefined && { description: details.description }),
      meta: details.meta,
      createdAt: now,
      updatedAt: now,
    };
    const secretSealed = seal(deps.keys.sealKey, details.secret);
    return prepared({ ...endpoint, secretHint: maskSecret(details.secret) }, async (reply) => {
      await writeAll(deps.db, [endpointInsert(endpoint, secretSealed), reply && replyInsert(reply)]);
      return ok(undefined);
    });
  });
}

export async function pageOfEndpoints(
  deps: Deps,
  merchantId: string,
  page: PageRequest,
): Promise<Page<ManagedEndpoint>> {
  const found = await listEndpoints(deps.db, merchantId, 'v4', page);
  return { ...found, items: found.items.map((e) => managed(deps, e)) };
}

/** PUT /profile/webhook-endpoints/{id}: the fields sent replace the stored ones. */
export function updateEndpoint(
  deps: Deps,
  merchantId: string,
  id: string,
  patch: EndpointPatch,
): Promise<Result<ManagedEndpoint>> {
  const url = checkUrl(patch.url);
  if (!url.ok) return Promise.resolve(url);
  if (!looksLikeId('webhookEndpoint', id)) return Promise.resolve(err(endpointNotFound(id)));
  return inTransaction(deps, async (tx) => {
    const current = await findSealedEndpoint(tx, merchantId, id, 'v4', { forUpdate: true });
    if (!current) return err(endpointNotFound(id));
    const e = current.endpoint;
    const eventTypes = patch.eventTypes ?? e.eventTypes;
    const description = patch.description ?? e.description;
    const next: WebhookEndpoint = {
      id: e.id,
      merchantId,
      dialect: 'v4',
      url: patch.url ?? e.url,
      ...(eventTypes && { eventTypes }),
      status: patch.status ?? e.status,
      mode: patch.mode ?? e.mode,
      ...(description !== undefined && { description }),
      meta: patch.meta ?? e.meta,
      createdAt: e.createdAt,
      updatedAt: deps.clock.now(),
    };
    const sealed = patch.secret === undefined ? current.secretSealed : seal(deps.keys.sealKey, patch.secret);
    const updated = await storeUpdate(tx, next, sealed);
    return updated ? ok(managed(deps, updated)) : err(endpointNotFound(id));
  });
}

/** DELETE /profile/webhook-endpoints/{id}: soft delete; answers the endpoint as it was. */
export async function deleteEndpoint(
  deps: Deps,
  merchantId: string,
  id: string,
): Promise<Result<ManagedEndpoint>> {
  if (!looksLikeId('webhookEndpoint', id)) return err(endpointNotFound(id));
  const deleted = await storeDelete(deps.db, merchantId, id, 'v4', deps.clock.now());
  return deleted ? ok(managed(deps, deleted)) : err(endpointNotFound(id));
}

// ─── v3: one endpoint per merchant ──────────────────────────────────────────────────────────────

type AdminDeps = Pick<Deps, 'db' | 'clock' | 'keys'>;

export interface V3Setting {
  readonly url: string;
  readonly format: V3Format;
  /** Replaces the merchant's webhook secret hash (sent as `verif-hash`) when given. */
  readonly secretHash?: string;
}

/** Sets (or replaces) the merchant's v3 endpoint, and its secret hash when one is given. */
export function setV3Endpoint(
  deps: AdminDeps,
  merchantId: string,
  setting: V3Setting,
): Promise<Result<WebhookEndpoint>> {
  const url = checkUrl(setting.url);
  if (!url.ok) return Promise.resolve(url);
  const hashProblem = setting.secretHash === undefined ? undefined : secretHashProblem(setting.secretHash);
  if (hashProblem !== undefined) {
    return Promise.resolve(
      err(
        appError('REQUEST_NOT_VALID', `secret hash ${hashProblem}`, [
          { field: 'secret_hash', message: `secret hash ${hashProblem}` },
        ]),
      ),
    );
  }
  return inTransaction(deps, async (tx) => {
    if (!(await findMerchantSecrets(tx, merchantId))) return err(notFound(`Merchant ${merchantId}`));
    if (setting.secretHash !== undefined) {
      await setWebhookSecretHash(tx, merchantId, seal(deps.keys.sealKey, setting.secretHash));
    }
    const now = deps.clock.now();
    return ok(
      await upsertV3Endpoint(tx, {
        id: newId('webhookEndpoint'),
        merchantId,
        dialect: 'v3',
        url: setting.url,
        status: 'enabled',
        mode: setting.format,
        meta: {},
        createdAt: now,
        updatedAt: now,
      }),
    );
  });
}

export interface V3Webhook {
  readonly endpoint?: WebhookEndpoint;
  /** The merchant's secret hash, masked. */
  readonly secretHashHint: string;
}

export async function showV3Endpoint(deps: AdminDeps, merchantId: string): Promise<Result<V3Webhook>> {
  const merchant = await findMerchantSecrets(deps.db, merchantId);
  if (!merchant) return err(notFound(`Merchant ${merchantId}`));
  const endpoint = await findV3Endpoint(deps.db, merchantId);
  const secretHashHint = maskSecret(unseal(deps.keys.sealKey, merchant.webhookSecretHashSealed));
  return ok({ ...(endpoint && { endpoint }), secretHashHint });
}

/** Removes the merchant's v3 endpoint (soft delete); ok(undefined) when it had none. */
export async function unsetV3Endpoint(
  deps: AdminDeps,
  merchantId: string,
): Promise<Result<WebhookEndpoint | undefined>> {
  return inTransaction(deps, async (tx) => {
    if (!(await findMerchantSecrets(tx, merchantId))) return err(notFound(`Merchant ${merchantId}`));
    return ok(await deleteV3Endpoint(tx, merchantId, deps.clock.now()));
  });
}

/** `BAOBAB_WEBHOOK_URL` at boot: the sandbox merchant's v3 endpoint; undefined when there is none. */
export async function setSandboxWebhook(
  deps: AdminDeps,
  setting: V3Setting,
): Promise<Result<WebhookEndpoint> | undefined> {
  const merchantId = await findSandboxMerchantId(deps.db);
  return merchantId === undefined ? undefined : setV3Endpoint(deps, merchantId, setting);
}
