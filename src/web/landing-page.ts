/**
 * `GET /`: a small page saying what this is and where to go — the API reference, the OpenAPI
 * document, where the sandbox credentials are printed, the docs. A client that asks for JSON
 * (`Accept: application/json`, and not HTML) gets the same links as JSON.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { html, page } from './html.js';
import { sendPage } from './outcome-page.js';

export interface LandingOptions {
  readonly publicUrl: string;
  /** Where the API reference is served (`/docs`). */
  readonly referencePath: string;
  readonly version: string;
}

const STYLES = `
main{max-width:40rem}
h2{font-size:1.125rem;margin:1.5rem 0 .5rem}
ul{margin:0 0 1rem;padding-left:1.25rem}
li{margin:0 0 .375rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:#f3f4f6;padding:0 .25rem;border-radius:.25rem}
`;

/** Whether the caller wants JSON rather than a page: it names JSON and not HTML. */
function wantsJson(req: FastifyRequest): boolean {
  const accept = (req.headers.accept ?? '').toLowerCase();
  return accept.includes('application/json') && !accept.includes('text/html');
}

function render(o: LandingOptions): string {
  const doc = (file: string) => html`<code>${file}</code>`;
  const body = html`<main>
    <h1>Baobab</h1>
    <p>
      A payment gateway speaking the Flutterwave v4 and v3 APIs, with a deterministic sandbox of simulated
      payment rails. Version ${o.version}, answering at <code>${o.publicUrl}</code>.
    </p>
    <h2>API reference</h2>
    <ul>
      <li>
        <a href="${o.referencePath}">The interactive API reference</a>: every route, its body and answers.
      </li>
      <li><a href="/openapi.json">/openapi.json</a>: the same, as an OpenAPI 3.1 document.</li>
    </ul>
    <h2>Sandbox credentials</h2>
    <p>
      The sandbox merchant's test keys (v4 client id, secret and encryption key; v3 keys; webhook secret hash)
      are printed when the gateway starts (<code>npm start</code>, <code>baobab serve</code>) and kept in
      ${doc('sandbox-credentials.json')} in the data directory (<code>BAOBAB_DATA_DIR</code>,
      ${doc('./.baobab')} by default). <code>baobab merchants list</code> lists the merchants;
      <code>baobab merchants create</code> makes another and prints its keys once.
    </p>
    <h2>Documentation</h2>
    <p>In the Baobab repository (and its npm package):</p>
    <ul>
      <li>${doc('README.md')}: the quickstart, configuration, commands and logs.</li>
      <li>
        ${doc('docs/sandbox.md')}: test cards, PIN <code>3310</code>, OTP <code>12345</code>, scenarios.
      </li>
      <li>${doc('docs/webhooks.md')}, ${doc('docs/errors.md')}, ${doc('docs/compatibility.md')}.</li>
    </ul>
    <h2>Operations</h2>
    <ul>
      <li><a href="/health">/health</a>: whether this node reaches its store.</li>
      <li><a href="/metrics">/metrics</a>: Prometheus metrics.</li>
    </ul>
  </main>`;
  return page({ title: 'Baobab', body, styles: STYLES });
}

export function landingRoutes(app: FastifyInstance, options: LandingOptions): void {
  const markup = render(options);
  const base = options.publicUrl.replace(/\/+$/, '');
  app.get('/', { schema: { hide: true }, config: { dialect: 'web' } }, async (req, reply) => {
    if (wantsJson(req)) {
      return reply.code(200).send({
        service: 'baobab',
        version: options.version,
        api_reference: `${base}${options.referencePath}`,
        openapi: `${base}/openapi.json`,
        health: `${base}/health`,
      });
    }
    return sendPage(reply, 200, markup);
  });
}
