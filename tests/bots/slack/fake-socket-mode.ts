/**
 * Slack's Socket Mode, played locally: the fake Web API answers `apps.connections.open` (app-level
 * token only) with a ws://127.0.0.1 URL on the fake's own HTTP server, where a WebSocket server
 * (the `ws` package) greets each connection with `hello` as Slack does. `send` delivers an
 * envelope — `slash_commands`, `interactive` or `events_api`, each with its own `envelope_id` — and
 * resolves with the client's acknowledgement of that envelope (`{ envelope_id, payload }`), so a
 * test sees both that every envelope was acknowledged and what the acknowledgement said.
 */
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FakeSlack } from './fake-slack.js';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class FakeSocketMode {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, (ack: Ack) => void>();
  /** Every envelope sent, and every acknowledgement received (in order). */
  readonly sent: { envelope_id: string; type: EnvelopeType }[] = [];
  readonly acks: Ack[] = [];
  /** Connections opened so far (a reconnect adds one). */
  connections = 0;

  constructor(private readonly fake: FakeSlack) {}

  start(): void {
    this.fake.socketUrl = `ws://127.0.0.1:${this.fake.port}/link/?ticket=${randomUUID()}`;
    this.fake.http.on('upgrade', (req, socket, head) => {
      if (!(req.url ?? '').startsWith('/link/')) return void socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  private accept(ws: WebSocket): void {
    this.connections += 1;
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as Ack;
      this.acks.push(ack);
      this.waiting.get(ack.envelope_id)?.(ack);
      this.waiting.delete(ack.envelope_id);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'fake-socket-mode' },
        connection_info: { app_id: 'A0CSPRAPP1' },
      }),
    );
  }

  get connected(): boolean {
    return this.sockets.size > 0;
  }

  /** Delivers one envelope on the open connection; resolves with its acknowledgement. */
  async send(type: EnvelopeType, payload: Record<string, unknown>, timeoutMs = 8000): Promise<Ack> {
    const [ws] = this.sockets;
    if (!ws) throw new Error('no Socket Mode connection is open');
    const envelope_id = randomUUID();
    const acked = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`envelope ${type} was not acknowledged within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiting.set(envelope_id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    this.sent.push({ envelope_id, type });
    ws.send(
      JSON.stringify({
        envelope_id,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      }),
    );
    return acked;
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
