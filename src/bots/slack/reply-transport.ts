/**
 * The `fetch` Bolt is given (`clientOptions.fetch`). Bolt uses it for two things: the Web API
 * (every call to SLACK_API_URL, through its WebClient) and `respond` (a reply posted to a
 * request's response_url: one POST of a JSON body, of which only the status is read). Web API
 * calls, and anything else, go to the global fetch unchanged. A reply goes over node:http(s) on a
 * keep-alive agent instead: on Node 20 the global fetch (undici) costs about six times the CPU of
 * a plain request for such a post (a Request, Headers, an AbortSignal and web streams each time),
 * and it was the largest single cost of answering `/cspr` (`npm run bench`).
 */
import http from 'node:http';
import https from 'node:https';

type Fetch = typeof globalThis.fetch;

/** A reply that gets no answer in this time is abandoned (the global fetch has no limit of its own). */
const REPLY_TIMEOUT_MS = 10_000;

export function slackFetch(
  apiUrl: string,
  base: Fetch = globalThis.fetch,
  timeoutMs = REPLY_TIMEOUT_MS,
): Fetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };
  return ((input: Parameters<Fetch>[0], init?: RequestInit) => {
    const reply = replyOf(input, init, apiUrl);
    return reply ? post(reply, agents, timeoutMs) : base(input, init);
  }) as Fetch;
}

/** The reply Bolt's `respond` posts, or undefined for anything else (left to the global fetch). */
function replyOf(
  input: Parameters<Fetch>[0],
  init: RequestInit | undefined,
  apiUrl: string,
): { url: URL; body: string; headers: Record<string, string> } | undefined {
  if (typeof input !== 'string' || input.startsWith(apiUrl)) return undefined;
  if (init?.method !== 'POST' || typeof init.body !== 'string' || init.signal) return undefined;
  const headers = init.headers;
  if (
    !headers ||
    typeof headers !== 'object' ||
    Array.isArray(headers) ||
    headers instanceof Headers
  )
    return undefined;
  const plain = headers as Record<string, string>;
  const type = Object.entries(plain).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  if (!type?.startsWith('application/json')) return undefined;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return { url, body: init.body, headers: plain };
}

function post(
  { url, body, headers }: { url: URL; body: string; headers: Record<string, string> },
  agents: Record<'http:' | 'https:', http.Agent>,
  timeoutMs: number,
): Promise<Response> {
  const protocol = url.protocol as 'http:' | 'https:';
  const request = protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: agents[protocol],
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        res.resume(); // the body is not read: drain it so the connection is reused
        res.on('end', () =>
          resolve(
            new Response(null, {
              // A Response holds 200 to 599 only: anything else is no answer Bolt could use.
              status: inRange(res.statusCode) ? res.statusCode : 502,
              statusText: res.statusMessage ?? '',
            }),
          ),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`no answer from the response URL within ${timeoutMs} ms`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}

const inRange = (status: number | undefined): status is number =>
  status !== undefined && status >= 200 && status <= 599;
