/**
 * The dashboard as a Teams tab (static tab, and a configurable channel tab). Inside Teams the page
 * is framed by a Microsoft origin, so a SameSite=Strict cookie is never sent: instead the tab asks
 * Teams for the person's SSO token (Microsoft's `@microsoft/teams-js`, served from our own origin)
 * and fetches each dashboard page with it as a bearer token, validated on the server at every
 * request (teams-sso.ts). The only pages with a script; it is served from 'self', never inline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { html } from './html.js';
import { page } from './layout.js';

export const TEAMS_JS = '/dashboard/tab/teams-js.js';
export const TAB_JS = '/dashboard/tab/tab.js';

let teamsJs: string | undefined;
/** Microsoft's Teams JavaScript client library (UMD build), read once from node_modules. */
export function teamsJsSource(): string {
  teamsJs ??= readFileSync(
    createRequire(import.meta.url).resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'),
    'utf8',
  );
  return teamsJs;
}

export function tabPage(mode: 'content' | 'config'): string {
  const body = html`<p id="status" role="status">${mode === 'config' ? 'Loading…' : 'Signing you in through Teams…'}</p>
<script src="${TEAMS_JS}"></script>
<script src="${TAB_JS}" data-mode="${mode}"></script>`;
  return page('Review group dashboard', body);
}

/** The tab's script (plain ES2017, no build step). */
export const TAB_SCRIPT = `(function () {
  'use strict';
  var mode = document.currentScript.getAttribute('data-mode');
  var status = document.getElementById('status');
  var FALLBACK = 'Teams could not sign you in here. Ask the bot for a sign-in link: send "dashboard" in your personal chat with it.';
  function say(text) { status.textContent = text; }
  function token() { return microsoftTeams.authentication.getAuthToken(); }
  function show(path) {
    return token().then(function (t) {
      return fetch(path, { headers: { Authorization: 'Bearer ' + t }, credentials: 'omit' });
    }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      if ((res.headers.get('content-type') || '').indexOf('text/csv') === 0) {
        return res.blob().then(function (blob) {
          var a = document.createElement('a');
          a.href = URL.createObjectURL(blob);
          a.download = 'open-cases.csv';
          a.click();
        });
      }
      return res.text().then(function (text) {
        var doc = new DOMParser().parseFromString(text, 'text/html');
        document.title = doc.title;
        document.getElementById('main').replaceWith(document.importNode(doc.getElementById('main'), true));
        document.getElementById('main').focus();
      });
    }).catch(function () { say(FALLBACK); });
  }
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a');
    if (!a || (a.getAttribute('href') || '').charAt(0) === '#' || a.origin !== location.origin || a.pathname.indexOf('/dashboard') !== 0) return;
    e.preventDefault();
    show(a.pathname);
  });
  microsoftTeams.app.initialize().then(function () {
    if (mode !== 'config') return show('/dashboard');
    microsoftTeams.pages.config.registerOnSaveHandler(function (save) {
      microsoftTeams.pages.config.setConfig({
        entityId: 'cspr-dashboard',
        contentUrl: location.origin + '/dashboard/tab',
        websiteUrl: location.origin + '/dashboard',
        suggestedDisplayName: 'Review group dashboard'
      }).then(function () { save.notifySuccess(); }, function () { save.notifyFailure('Could not save the tab.'); });
    });
    microsoftTeams.pages.config.setValidityState(true);
    say('Select Save to add the review group dashboard to this channel. Only holders of the review group’s roles will see its cases.');
  }).catch(function () { say(FALLBACK); });
})();
`;
