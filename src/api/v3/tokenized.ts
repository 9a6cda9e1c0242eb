/** Placeholder, being written: registers nothing yet. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../flows/deps.js';
import type { Links } from '../../web/links.js';

export function v3TokenizedRoutes(_app: FastifyInstance, _deps: Deps, _links: Links): void {
  // Routes are added here.
}
