/**
 * `GET /docs`: the interactive API reference of the gateway's own /openapi.json, rendered by Swagger
 * UI from @fastify/swagger-ui. Its script, styles and the document are all served by this process
 * (`/docs/static/…`, `/docs/json`), so the page works offline; the Content-Security-Policy allows
 * nothing else, except calls from "Try it out" to the public URL the document names as its server.
 */
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const REFERENCE_PATH = '/docs';

// A plain mark in the top bar instead of Swagger's logo (a data: URL: the page loads nothing else).
const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40">' +
    '<text x="0" y="28" font-family="system-ui,sans-serif" font-size="24" font-weight="700" fill="#fff">' +
    'Baobab API</text></svg>',
);

function policy(publicUrl: string): string {
  const origin = URL.canParse(publicUrl) ? new URL(publicUrl).origin : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Swagger UI sets style attributes as it renders.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${origin && origin !== 'null' ? ` ${origin}` : ''}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Registers the reference under /docs (its routes stay out of /openapi.json). */
export async function apiReferenceRoutes(app: FastifyInstance, publicUrl: string): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, dialect: 'web' };
    });
    await scope.register(swaggerUi, {
      routePrefix: REFERENCE_PATH,
      staticCSP: policy(publicUrl),
      logo: { type: 'image/svg+xml', content: LOGO },
      theme: { title: 'Baobab API reference' },
      uiConfig: {
        deepLinking: true,
        docExpansion: 'list',
        defaultModelsExpandDepth: 0,
        displayRequestDuration: true,
        filter: true,
        tryItOutEnabled: false,
      },
    });
  });
}
