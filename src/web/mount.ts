/** The web endpoints as a Mount of the HTTP app (see src/http/server.ts). */
import type { Mount } from '../http/server.js';
import { attachWeb, type WebDeps } from './routes.js';

export function webMount(deps: WebDeps): Mount {
  return {
    describe: 'GET /dashboard, GET /calendar/<token>.ics',
    attach: (app) => attachWeb(app, deps),
  };
}
