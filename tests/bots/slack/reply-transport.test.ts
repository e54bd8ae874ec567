/**
 * The fetch Bolt is given: a reply to a response_url (a POST of JSON) goes over node:http to the
 * URL, body and headers as Bolt sent them, and answers with the status Bolt reads; Web API calls
 * and anything else go to the global fetch unchanged. A local server plays the response URL.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackFetch } from '../../../src/bots/slack/reply-transport.js';

let server: Server;
let base: string;
const seen: { method?: string; url?: string; type?: string; length?: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += String(d)));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        type: req.headers['content-type'],
        length: req.headers['content-length'],
        body,
      });
      if (req.url?.startsWith('/expired')) res.writeHead(404, 'Not Found').end('expired_url');
      else if (req.url?.startsWith('/silent'))
        return; // never answers
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** The global fetch, recorded: what the transport hands on to it. */
function recordingFetch() {
  const calls: string[] = [];
  const f = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
    return fetch(input, init);
  }) as typeof fetch;
  return { calls, f };
}

describe('the reply transport', () => {
  it('posts a reply to its response URL itself, as Bolt sent it, and answers with its status', async () => {
    const global = recordingFetch();
    const f = slackFetch(`${base}/api/`, global.f);
    const body = JSON.stringify({ response_type: 'ephemeral', text: 'Case NORTH-2026-001 — ok' });
    const res = await f(`${base}/commands/T1/123/abc`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect([res.ok, res.status]).toEqual([true, 200]);
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      url: '/commands/T1/123/abc',
      type: 'application/json',
      length: String(Buffer.byteLength(body)),
      body,
    });
    const expired = await f(`${base}/expired/1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect([expired.ok, expired.status, expired.statusText]).toEqual([false, 404, 'Not Found']);
    expect(global.calls).toEqual([]);
  });

  it('leaves Web API calls and anything that is not a JSON post to the global fetch', async () => {
    const global = recordingFetch();
    const f = slackFetch(`${base}/api/`, global.f);
    await f(`${base}/api/chat.postMessage`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    await f(`${base}/upload/1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: 'file',
    });
    await f(`${base}/get`);
    await f(new URL(`${base}/commands/x`), { method: 'POST', body: '{}' });
    expect(global.calls).toEqual([
      `POST ${base}/api/chat.postMessage`,
      `POST ${base}/upload/1`,
      `GET ${base}/get`,
      `POST ${base}/commands/x`,
    ]);
  });

  it('gives up on a response URL that never answers, naming no part of it', async () => {
    const f = slackFetch(`${base}/api/`, fetch, 200);
    const err = await f(`${base}/silent/T1/secret-part`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('no answer from the response URL within 200 ms');
  });

  it('fails plainly when the response URL cannot be reached, naming no part of it', async () => {
    const f = slackFetch('https://slack.example/api/');
    const err = await f('http://127.0.0.1:9/commands/T1/secret-part', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).not.toContain('secret-part');
  });
});
