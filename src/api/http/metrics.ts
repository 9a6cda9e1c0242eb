/**
 * Prometheus metrics on one registry per app (tests build many apps in one process): requests by
 * route and status, latency histograms, and business counters such as charge outcomes.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Telemetry } from '../../flows/deps.js';
import { UNEXPECTED_SOURCES, type OnUnexpected } from './errors.js';

export interface Metrics {
  readonly registry: Registry;
  readonly telemetry: Telemetry;
}

export function createMetrics(options: { processMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'baobab_' });
  const outcomes = new Counter({
    name: 'baobab_charge_outcomes_total',
    help: 'Charges that reached a final state, by payment method, status and what drove the last step (v4, v3, sandbox_page…).',
    labelNames: ['payment_method', 'status', 'channel'] as const,
    registers: [registry],
  });
  return {
    registry,
    telemetry: {
      chargeCompleted: ({ paymentMethod, status, channel }) => {
        outcomes.inc({ payment_method: paymentMethod, status, channel });
      },
    },
  };
}

export function installHttpMetrics(app: FastifyInstance, registry: Registry): void {
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'baobab_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'baobab_http_request_duration_seconds',
    help: 'Time from request received to response sent, by method, route pattern and status code.',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (req, reply) => {
    // Unmatched URLs share one label so a scanner cannot blow up the series count.
    const labels = {
      method: req.method,
      route: req.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });
}

const UNEXPECTED = 'baobab_unexpected_errors_total';

/**
 * Counts errors nobody foresaw, by where they were caught: `request` (a 500), `router` (Fastify's
 * router failed on a URL), `uncaught_exception` and `unhandled_rejection` (the process guards). Any
 * increase is a bug to look into; the log line with the same trace id or source says which.
 */
export function unexpectedErrors(registry: Registry): OnUnexpected {
  const existing = registry.getSingleMetric(UNEXPECTED);
  let counter: Counter<'source'>;
  if (existing instanceof Counter) {
    counter = existing;
  } else {
    counter = new Counter({
      name: UNEXPECTED,
      help: 'Errors nobody foresaw, by where they were caught (request, router, uncaught_exception, unhandled_rejection).',
      labelNames: ['source'] as const,
      registers: [registry],
    });
    // Every series exists from the start at 0, so an alert on its increase sees the first one.
    for (const source of UNEXPECTED_SOURCES) counter.inc({ source }, 0);
  }
  return (source) => {
    counter.inc({ source });
  };
}
