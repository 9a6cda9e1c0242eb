/**
 * `GET /`: a page (not a 404) linking to the API reference, the OpenAPI document and the docs, and
 * saying where the sandbox credentials are printed; JSON for a client that asks for JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { PGLITE } from '../support/stores.js';
import { TEST_OTP, TEST_PIN } from '../../src/methods/card-test-cards.js';
import { expectSelfContainedDocument, tags, text as textOf } from './markup.js';

const hrefs = (doc: string): string[] =>
  tags(doc).flatMap((t) => /^<a\s[^>]*href="([^"]*)"/.exec(t)?.slice(1) ?? []);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway(PGLITE, { publicUrl: 'http://gateway.test:8080' });
});
afterAll(() => gw.close());

describe('GET /', () => {
  it('answers a page that links to the reference, the document and the docs', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html,*/*' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expectSelfContainedDocument(res.body);
    expect(hrefs(res.body)).toEqual(expect.arrayContaining(['/docs', '/openapi.json', '/health']));
    const text = textOf(res.body);
    expect(text).toContain('The interactive API reference');
    expect(text).toContain('docs/sandbox.md');
    expect(text).toContain('README.md');
    expect(text).toMatch(new RegExp(`PIN ${TEST_PIN} ?, OTP ${TEST_OTP}`));
    // Where the credentials are: never the credentials themselves.
    expect(text).toContain('printed when the gateway starts');
    expect(text).toContain('baobab merchants list');
    expect(text).toContain('sandbox-credentials.json');
    expect(text).not.toMatch(/FLWSECK_TEST|client_secret/);
  });

  it('is also what a browser without an Accept header gets, and what HEAD describes', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const head = await gw.app.inject({ method: 'HEAD', url: '/' });
    expect(head.statusCode).toBe(200);
  });

  it('answers JSON with the same links to a client that asks for JSON', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      service: 'baobab',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      api_reference: 'http://gateway.test:8080/docs',
      openapi: 'http://gateway.test:8080/openapi.json',
      health: 'http://gateway.test:8080/health',
    });
  });

  it('stays out of /openapi.json, as /docs does', async () => {
    const doc = (await gw.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, unknown>;
    }>();
    expect(Object.keys(doc.paths).filter((p) => p === '/' || p.startsWith('/docs'))).toEqual([]);
  });
});
