/**
 * The web endpoints: the review group's dashboard (`GET /dashboard`, each case, the CSV), its
 * sign-in (`GET|POST /dashboard/sign-in`), and private calendar feeds (`GET /calendar/<token>.ics`).
 *
 * Nothing of a case is served without a session (the cookie a single-use link started, or a
 * Teams tab's SSO token sent as a bearer token, checked on every request), and the session's
 * holder is re-resolved each time: a removed role ends it. Every response carries a strict
 * Content-Security-Policy (no script, no inline style, no framing but by Teams), `no-store`
 * caching and no referrer, so no case data lingers in caches or leaks in a Referer header.
 */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { type CaseService } from '../app/case-service.js';
import { safeError } from '../logger.js';
import { loadFeed } from '../app/calendar-feed.js';
import { dashboardCase, loadDashboard } from '../app/dashboard.js';
import { signInRefused, type WebAccess } from '../app/web-access.js';
import type { Actor } from '../domain/roles.js';
import { isDomainError } from '../domain/errors.js';
import { casePage } from './case-page.js';
import { dashboardCsv, dashboardPage } from './dashboard-page.js';
import { html } from './html.js';
import { icsOf } from './ics.js';
import { page, plainPage } from './layout.js';
import { STYLE } from './style.js';
import type { TeamsSsoVerifier } from './teams-sso.js';
import { TAB_JS, TAB_SCRIPT, tabPage, TEAMS_JS, teamsJsSource } from './tab.js';

export const SESSION_COOKIE = 'cspr_session';
/** Teams (and Outlook/Microsoft 365) may frame the dashboard as a tab; nothing else may. */
const FRAME_ANCESTORS =
  "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com";
export const CSP = `default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${FRAME_ANCESTORS}`;
/**
 * The Teams tab pages alone run a script (ours and Microsoft's Teams library, both from 'self') and
 * fetch the dashboard; the library also fetches Microsoft's list of valid Teams host origins.
 */
export const TAB_CSP = `default-src 'none'; script-src 'self'; connect-src 'self' https://res.cdn.office.net; style-src 'self'; img-src 'self' blob:; form-action 'self'; base-uri 'none'; frame-ancestors ${FRAME_ANCESTORS}`;

export interface WebDeps {
  service: CaseService;
  access: WebAccess;
  log: Logger;
  sso?: TeamsSsoVerifier;
}

function secure(_req: Request, res: Response, next: NextFunction): void {
  res.set({
    'Content-Security-Policy': CSP,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'same-origin', // and a same-origin POST carries its Origin (checked at sign-in)
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  next();
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const sessionCookie = (value: string, maxAge: number) =>
  `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; Secure; SameSite=Strict`;

function refuse(res: Response, status: 401 | 404, clearCookie = false): void {
  if (clearCookie) res.set('Set-Cookie', sessionCookie('', 0));
  res.status(status).type('html');
  res.send(
    status === 401
      ? plainPage('Not signed in', signInRefused().message)
      : plainPage('Not found', 'There is nothing here.'),
  );
}

export function attachWeb(app: Express, deps: WebDeps): void {
  const { access, service, log } = deps;
  const router = express.Router();
  router.use(secure);

  /** The signed-in actor: a Teams SSO bearer token, else the session cookie; refused with 401. */
  async function actorOf(req: Request): Promise<Actor> {
    const bearer = /^Bearer ([A-Za-z0-9._-]+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) {
      const holder = deps.sso ? await deps.sso.holderOf(bearer) : undefined;
      const actor = holder && access.actorFor(holder);
      if (!actor) throw signInRefused();
      return actor;
    }
    return access.sessionActor(cookieOf(req, SESSION_COOKIE));
  }

  const guarded =
    (handler: (req: Request, res: Response, actor: Actor) => Promise<void>) =>
    async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      let actor: Actor;
      try {
        actor = await actorOf(req);
      } catch (err) {
        if (isDomainError(err)) return refuse(res, 401, true);
        return next(err);
      }
      try {
        await handler(req, res, actor);
      } catch (err) {
        if (isDomainError(err) && err.code === 'case.not_found') return refuse(res, 404);
        if (isDomainError(err) && err.code === 'action.not_permitted')
          return refuse(res, 401, true);
        next(err);
      }
    };

  router.get('/dashboard/style.css', (_req, res) => {
    res.type('text/css').send(STYLE);
  });

  // The Teams tab (static and configurable): no case data in these; the script signs in with the SSO token.
  router.get('/dashboard/tab', (_req, res) => {
    res.set('Content-Security-Policy', TAB_CSP).type('html').send(tabPage('content'));
  });
  router.get('/dashboard/tab/config', (_req, res) => {
    res.set('Content-Security-Policy', TAB_CSP).type('html').send(tabPage('config'));
  });
  router.get(TAB_JS, (_req, res) => {
    res.type('text/javascript').send(TAB_SCRIPT);
  });
  router.get(TEAMS_JS, (_req, res) => {
    res.type('text/javascript').send(teamsJsSource());
  });

  router.get(
    '/dashboard',
    guarded(async (_req, res, actor) => {
      res.type('html').send(dashboardPage(await loadDashboard(service, actor)));
    }),
  );

  router.get(
    '/dashboard/cases.csv',
    guarded(async (_req, res, actor) => {
      const d = await loadDashboard(service, actor);
      res
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="open-cases-${d.today}.csv"`)
        .send(dashboardCsv(d));
    }),
  );

  router.get(
    '/dashboard/case/:id',
    guarded(async (req, res, actor) => {
      res.type('html').send(casePage(await dashboardCase(service, actor, String(req.params.id))));
    }),
  );

  // The link from chat. GET only shows a button: a link preview (Slack, Teams) must not spend it.
  router.get('/dashboard/sign-in/:token', async (req, res, next) => {
    try {
      await access.checkSignInLink(String(req.params.token));
    } catch (err) {
      return isDomainError(err) ? refuse(res, 401) : next(err);
    }
    res.type('html').send(
      page(
        'Sign in to the review group dashboard',
        html`<p>This link signs you in once, on this device, for 8 hours.</p>
<form method="post" action="/dashboard/sign-in"><input type="hidden" name="token" value="${String(req.params.token)}"><button type="submit">Sign in</button></form>`,
      ),
    );
  });

  router.post(
    '/dashboard/sign-in',
    express.urlencoded({ extended: false, limit: '2kb' }),
    async (req, res, next) => {
      // Only our own sign-in page may post here: another site cannot sign a visitor into someone's session.
      const origin = req.headers.origin;
      if (
        origin !== undefined &&
        (!URL.canParse(origin) || new URL(origin).host !== req.headers.host)
      )
        return refuse(res, 401);
      const token = typeof req.body?.token === 'string' ? req.body.token : '';
      let session: { session: string; maxAgeSeconds: number };
      try {
        session = await access.redeemSignInLink(token);
      } catch (err) {
        return isDomainError(err) ? refuse(res, 401) : next(err);
      }
      res
        .set('Set-Cookie', sessionCookie(session.session, session.maxAgeSeconds))
        .redirect(303, '/dashboard');
    },
  );

  router.post('/dashboard/sign-out', async (req, res) => {
    await access.endSession(cookieOf(req, SESSION_COOKIE));
    res
      .set('Set-Cookie', sessionCookie('', 0))
      .type('html')
      .send(plainPage('Signed out', 'You are signed out of the dashboard.'));
  });

  router.get('/calendar/:file', async (req, res, next) => {
    const m = /^([A-Za-z0-9_-]+)\.ics$/.exec(String(req.params.file));
    try {
      if (!m) throw signInRefused();
      const actor = await access.feedActor(m[1]!);
      res
        .type('text/calendar; charset=utf-8')
        .send(icsOf(await loadFeed(service, actor), service.clock.now()));
    } catch (err) {
      if (isDomainError(err)) return refuse(res, 404);
      log.error({ err: safeError(err) }, 'calendar feed failed');
      next(err);
    }
  });

  app.use(router);
}
