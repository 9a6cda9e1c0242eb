/**
 * Composition root for HTTP: builds the Fastify app from explicit dependencies. Read top to bottom,
 * it is the table of contents of what the server answers and in what order requests are handled.
 */
import { readFileSync } from 'node:fs';
import { lazySerializers } from './api/http/lazy-serializer.js';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { invalid } from './domain/errors.js';
import type { Deps } from './flows/deps.js';
import { installErrorHandling, type Dialect, type ErrorRenderer } from './api/http/errors.js';
import { aliasUnder, V4_BASE_PATHS } from './api/http/base-paths.js';
import { guardInput, MAX_PATH_SEGMENT } from './api/http/input-guard.js';
import { JsonTooDeepError, MAX_JSON_DEPTH, nestsDeeperThan } from './api/http/json-limits.js';
import { installHttpMetrics, unexpectedErrors } from './api/http/metrics.js';
import { installRequestLog } from './api/http/request-log.js';
import { documentErrors } from './api/http/openapi-errors.js';
import { withDocumentedBodies } from './api/http/openapi-bodies.js';
import { routerErrorHandler } from './api/http/router-errors.js';
import { TRACE_HEADER, invalidTraceHeader, traceIdOf } from './api/http/request-ids.js';
import { requestContext } from './api/http/request-context.js';
import { installRouteIndex } from './api/http/routes-index.js';
import { validatorCompiler } from './api/http/validation.js';
import { systemRoutes } from './api/system.js';
import { adminRoutes, type AdminOptions } from './api/admin.js';
import { eventStreamRoutes } from './api/event-stream.js';
import { renderV3Error, V3ErrorBody, V3SuccessBody } from './api/v3/envelope.js';
import { bearerAuth } from './api/v4/auth.js';
import { customerRoutes } from './api/v4/customers.js';
import { ErrorBody, renderV4Error } from './api/v4/envelope.js';
import { OAuthError, oauthRoutes, renderOAuthError, TOKEN_PATHS } from './api/v4/oauth.js';
import { referenceRoutes } from './api/v4/reference.js';
import { refundRoutes } from './api/v4/refunds.js';
import { feeRoutes } from './api/v4/fees.js';
import { settlementRoutes } from './api/v4/settlements.js';
import { chargeRoutes } from './api/v4/charges.js';
import { orchestrationRoutes } from './api/v4/orchestration.js';
import { orderRoutes } from './api/v4/orders.js';
import { paymentMethodRoutes } from './api/v4/payment-methods.js';
import { redirectSessionRoutes } from './api/v4/redirect-sessions.js';
import type { Links } from './api/http/links.js';
import { secretKeyAuth } from './api/v3/auth.js';
import { v3CardChargeRoutes } from './api/v3/card-charges.js';
import { v3SandboxRoutes } from './api/v3/sandbox.js';
import { sandboxControlRoutes } from './api/v4/sandbox.js';
import { sandboxTransferRoutes } from './api/v4/sandbox-transfers.js';
import { virtualAccountRoutes } from './api/v4/virtual-accounts.js';
import { eventRoutes } from './api/v4/events.js';
import { webhookEndpointRoutes } from './api/v4/webhook-endpoints.js';
import { v3SandboxTransferRoutes } from './api/v3/sandbox-transfers.js';
import { v3BankRoutes } from './api/v3/banks.js';
import { v3PreauthRoutes } from './api/v3/preauth.js';
import { v3RefundRoutes } from './api/v3/refunds.js';
import { v3TokenizedRoutes } from './api/v3/tokenized.js';
import { v3BulkTokenizedRoutes } from './api/v3/bulk-tokenized.js';
import { v3TokenRoutes } from './api/v3/tokens.js';
import { v3TransactionRoutes } from './api/v3/transactions.js';
import { legacyChargeResponse } from './api/v3/legacy.js';
import { redirectPageRoutes, renderWebError } from './web/sandbox/redirect-routes.js';
import { checkoutSessionRoutes } from './api/v4/checkout-sessions.js';
import { v3PaymentRoutes } from './api/v3/payments.js';
import { checkoutPageRoutes } from './web/checkout/checkout-routes.js';
import { apiReferenceRoutes, REFERENCE_PATH } from './web/api-reference.js';
import { landingRoutes } from './web/landing-page.js';
import { transferRoutes } from './api/v4/transfers.js';
import { walletRoutes } from './api/v4/wallets.js';
import { v3TransferRoutes } from './api/v3/transfers.js';
import { inlineCallbackResponse } from './api/v3/inline-response.js';
import { v3InlineSessionRoutes } from './api/v3/inline-sessions.js';
import { v3HostedFormRoutes } from './api/v3/hosted-form.js';
import { inlineCheckoutRoutes } from './web/checkout/inline-return.js';
import { inlineScriptRoutes } from './web/checkout/inline-script.js';
import { inlineSandboxFraming } from './web/checkout/inline-framing.js';
import { v3TransferExtraRoutes } from './api/v3/transfer-extras.js';
import { v3BulkTransferRoutes } from './api/v3/bulk-transfers.js';
import { transferExtraRoutes } from './api/v4/transfer-extras.js';
import { transferSenderRoutes } from './api/v4/transfer-senders.js';
import { chargebackRoutes } from './api/v4/chargebacks.js';
import { v3ChargebackRoutes } from './api/v3/chargebacks.js';
import { v3SettlementRoutes } from './api/v3/settlements.js';
import { installEdge, type EdgeOptions } from './api/http/faults.js';
import { sandboxFaultRoutes } from './api/v4/sandbox-faults.js';
import { v3SandboxFaultRoutes } from './api/v3/sandbox-faults.js';
import { createFaultProfiles } from './flows/sandbox/fault-profiles.js';
import type { RateLimiter } from './flows/sandbox/rate-limiter.js';
import type { TimerRunner } from './flows/sandbox/clocks.js';
import { sandboxClockRoutes } from './api/v4/sandbox-clock.js';
import { v3SandboxClockRoutes } from './api/v3/sandbox-clock.js';

/** package.json's version (this file is one level below it, in src/ as in dist/). */
const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface AppOptions {
  readonly deps: Deps;
  /** The per-merchant rate limits (main.ts always gives one); started and stopped with the app. */
  readonly rateLimiter?: RateLimiter;
  /** How long `fault:timeout_after_commit` holds a connection (BAOBAB_FAULT_HOLD_MS, 30 s). */
  readonly faultHoldMs?: number;
  /**
   * Runs the timers a sandbox clock advance makes due with the job worker's handlers (jobs/timer-runner.ts);
   * without it an advance moves the clock and leaves its timers to the worker.
   */
  readonly timers?: TimerRunner;
  readonly metrics: Registry;
  readonly publicUrl: string;
  readonly bodyLimit: number;
  readonly logger?: FastifyBaseLogger;
  /** The CLI's admin API on loopback (api/admin.ts): `serve` gives it a token; absent, no `/_admin` routes. */
  readonly admin?: AdminOptions;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { deps } = options;
  const renderers: Readonly<Record<Dialect, ErrorRenderer>> = {
    v4: renderV4Error,
    v3: renderV3Error,
    oauth: renderOAuthError,
    web: renderWebError,
  };
  const onUnexpected = unexpectedErrors(options.metrics);
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    // One line per request, once answered (request-log.ts), instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'trace_id', disableRequestLogging: true }),
    genReqId: traceIdOf,
    requestIdHeader: false,
    bodyLimit: options.bodyLimit,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: {
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: MAX_PATH_SEGMENT,
    },
    frameworkErrors: routerErrorHandler(renderers, onUnexpected),
    schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
  });
  app.setValidatorCompiler(validatorCompiler);
  // The APIs speak JSON (and the token endpoint forms, registered in its own scope): anything else is 415.
  app.removeContentTypeParser('text/plain');
  // An empty body labelled JSON is no body, as most servers read it: bodiless POSTs from HTTP clients
  // that always send `Content-Type: application/json` (capture, void, refund-everything) just work.
  // Plain JSON.parse: `__proto__` and `constructor.prototype` keys become own keys, which the input
  // guard then refuses naming where they are (unsafe-text.ts), rather than "body is not valid JSON".
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body.toString();
    if (text === '') {
      done(null, undefined);
      return;
    }
    // Counted on the text, before JSON.parse and everything after it recurses into the document.
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(new JsonTooDeepError(), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  // Cross-cutting behaviour, in the order a request meets it.
  installRouteIndex(app);
  installErrorHandling(app, renderers, onUnexpected);
  installHttpMetrics(app, options.metrics);
  if (options.logger) installRequestLog(app);
  app.addHook('onRequest', async (req, reply) => {
    reply.header(TRACE_HEADER, req.id);
    if (invalidTraceHeader(req.raw)) {
      return reply.fail(
        invalid([
          { field: 'X-Trace-Id', message: 'X-Trace-Id must be 12 to 255 printable ASCII characters' },
        ]),
      );
    }
    return undefined;
  });
  // Text the store cannot hold and path ids nothing can have, for every route, before its schema.
  app.addHook('preValidation', guardInput);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Baobab',
        version: VERSION,
        description:
          'Self-hostable gateway speaking the Flutterwave v4 (and v3) APIs, with a deterministic sandbox. ' +
          `Get a token at ${TOKEN_PATHS[0]} with your client credentials, then send it as a Bearer token. ` +
          `The v4 routes also answer under ${V4_BASE_PATHS.join(' and ')} (e.g. /developersandbox/charges), ` +
          'so a base URL copied from Flutterwave works with only its host changed.',
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          v3_secret_key: {
            type: 'http',
            scheme: 'bearer',
            description: 'v3: the secret key (FLWSECK_TEST-…) as a Bearer token',
          },
        },
      },
    },
    // Every operation's error answers, each in its dialect's body, listed in one place.
    // and the bodies of the routes that read their own (`config.documentedBody`).
    transform: withDocumentedBodies(
      documentErrors({
        errors: { v4: ErrorBody, v3: V3ErrorBody, oauth: OAuthError },
        success: { v3: V3SuccessBody },
      }),
    ),
  });

  const links: Links = { publicUrl: options.publicUrl, key: deps.keys.linkTokenKey };
  // Rate limits and request faults, at the edge of both dialects, once the caller is known.
  const faults = createFaultProfiles(deps.db, deps.clock);
  const edge: EdgeOptions = {
    faults,
    rateLimiter: options.rateLimiter,
    holdMs: options.faultHoldMs ?? 30_000,
  };
  if (options.rateLimiter) {
    const limiter = options.rateLimiter;
    limiter.start();
    app.addHook('onClose', () => limiter.stop());
  }
  systemRoutes(app, deps, options.metrics);
  landingRoutes(app, { publicUrl: options.publicUrl, referencePath: REFERENCE_PATH, version: VERSION });
  await apiReferenceRoutes(app, options.publicUrl);
  if (options.admin) await adminRoutes(app, deps, options.admin);
  await app.register(async (scope) => oauthRoutes(scope, deps));
  const v4Routes = (v4: FastifyInstance): void => {
    requestContext(v4, { dialect: 'v4', authenticate: bearerAuth(deps), profiles: deps.profiles });
    installEdge(v4, edge);
    sandboxFaultRoutes(v4, faults);
    sandboxClockRoutes(v4, deps, options.timers);
    customerRoutes(v4, deps);
    paymentMethodRoutes(v4, deps);
    chargeRoutes(v4, deps, links);
    orchestrationRoutes(v4, deps, links);
    orderRoutes(v4, deps, links);
    referenceRoutes(v4);
    sandboxControlRoutes(v4, deps, links);
    virtualAccountRoutes(v4, deps);
    eventRoutes(v4, deps);
    webhookEndpointRoutes(v4, deps);
    sandboxTransferRoutes(v4, deps, links);
    checkoutSessionRoutes(v4, deps, links);
    transferRoutes(v4, deps);
    walletRoutes(v4, deps);
    transferExtraRoutes(v4, deps);
    transferSenderRoutes(v4, deps);
    chargebackRoutes(v4, deps);
    refundRoutes(v4, deps);
    feeRoutes(v4, deps);
    settlementRoutes(v4, deps);
    eventStreamRoutes(v4, deps, 'v4');
  };
  await app.register(async (v4) => {
    v4Routes(v4);
  });
  // The same v4 routes under the base paths clients use (api/http/base-paths.ts), hidden from /openapi.json.
  for (const prefix of V4_BASE_PATHS) {
    await app.register(
      async (v4) => {
        v4.addHook('onRoute', aliasUnder(prefix));
        v4Routes(v4);
      },
      { prefix },
    );
  }
  await app.register(async (v3) => {
    requestContext(v3, { dialect: 'v3', authenticate: secretKeyAuth(deps), profiles: deps.profiles });
    installEdge(v3, edge);
    v3SandboxFaultRoutes(v3, faults);
    v3SandboxClockRoutes(v3, deps, options.timers);
    v3CardChargeRoutes(v3, deps, links);
    v3TransactionRoutes(v3, deps, links);
    v3RefundRoutes(v3, deps, links);
    v3PreauthRoutes(v3, deps, links);
    v3TokenizedRoutes(v3, deps, links);
    v3BulkTokenizedRoutes(v3, deps);
    v3TokenRoutes(v3, deps);
    v3BankRoutes(v3, deps, links);
    v3SandboxRoutes(v3, deps, links);
    v3SandboxTransferRoutes(v3, deps, links);
    v3PaymentRoutes(v3, deps, links);
    v3TransferRoutes(v3, deps);
    v3TransferExtraRoutes(v3, deps);
    v3BulkTransferRoutes(v3, deps);
    v3ChargebackRoutes(v3, deps);
    v3SettlementRoutes(v3, deps);
    eventStreamRoutes(v3, deps, 'v3');
  });
  // Authenticated by the signed link they were reached with, not by an access token.
  redirectSessionRoutes(app, deps, links);
  await app.register(async (web) => {
    // An inline session's attempts may show these pages in the modal, framed by its page alone.
    inlineSandboxFraming(web, deps, links);
    await redirectPageRoutes(web, deps, links, {
      v3: (full) => ({ response: legacyChargeResponse(full) }),
    });
  });
  await app.register(async (web) => {
    // Inline mode first: its hook lets the bound page frame an inline session's checkout pages.
    inlineCheckoutRoutes(web, deps, links, inlineCallbackResponse);
    await checkoutPageRoutes(web, deps, links);
  });
  // Inline checkout: the script, and the public-key endpoint it calls (CORS, in a scope of its own).
  inlineScriptRoutes(app, links);
  await app.register(async (inline) => {
    v3InlineSessionRoutes(inline, deps, links);
  });
  await app.register(async (form) => v3HostedFormRoutes(form, deps, links));

  return app;
}
