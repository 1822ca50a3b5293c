/**
 * What the relay specs share: a live relay on an ephemeral loopback port over the fixture
 * servers, its events recorded from the start; raw HTTP exchanges (bytes in, status out, so a
 * test can send what no client library would); WebSocket clients with chosen headers; and the
 * liveness probe every hostile case ends with.
 */
import { connect } from 'node:net';
import { filter, firstValueFrom, ReplaySubject, timeout, type Observable } from 'rxjs';
import WebSocket from 'ws';
import {
  startMcpRelay,
  type McpRelay,
  type McpRelayConfig,
  type McpRelayEvent,
} from '../../lib/relay/index.js';
import { fixturePath } from '../support/processes.js';
import { runTsx, type TsxRun } from '../support/runTsx.js';

/** The fixture servers every test relay offers, by config name. */
export const FIXTURE_SERVERS = {
  mcpServers: {
    echo: { command: process.execPath, args: [fixturePath('echo.js')] },
    'no-read': { command: process.execPath, args: [fixturePath('no-read.js')] },
    flood: { command: process.execPath, args: [fixturePath('flood-stdout.js'), '1000000', '1000'] },
    tree: { command: process.execPath, args: [fixturePath('grandchildren.js'), '2', '--ignore-eof'] },
    off: { command: 'never-run', disabled: true },
  },
};

/** A relay whose events are all recorded. */
export interface RecordedRelay extends McpRelay {
  /** Every event so far and from now on. */
  readonly events: Observable<McpRelayEvent>;
  /** Every event so far. */
  readonly seen: McpRelayEvent[];
}

/** Starts a relay over the fixture servers (stderr ignored) and records its events. */
export async function startTestRelay(config: Partial<McpRelayConfig> = {}): Promise<RecordedRelay> {
  const relay = await startMcpRelay({
    servers: FIXTURE_SERVERS,
    serverParams: { stderr: 'ignore' },
    ...config,
  });
  const events = new ReplaySubject<McpRelayEvent>();
  const seen: McpRelayEvent[] = [];
  relay.events$.subscribe((event) => {
    seen.push(event);
    events.next(event);
  });
  return Object.assign(relay, { events: events.asObservable(), seen });
}

/** The first event (past or future) that matches, or an error after `ms`. */
export function eventMatching<T extends McpRelayEvent>(
  relay: RecordedRelay,
  match: (event: McpRelayEvent) => event is T,
  ms = 20_000,
): Promise<T> {
  return firstValueFrom(relay.events.pipe(filter(match), timeout(ms)));
}

/** The `Host` and `Origin` of a page the relay serves itself. */
export const pageHeaders = (relay: McpRelay): Record<string, string> => ({
  Host: `127.0.0.1:${relay.port}`,
  Origin: relay.origin,
});

/** What a raw exchange came to: the status line's code (0 when the socket closed without one). */
export interface RawAnswer {
  status: number;
  /** Everything received (cut at 64 KiB). */
  text: string;
}

/** How long a raw exchange may take before it counts as unanswered. */
const RAW_ANSWER_TIMEOUT_MS = 15_000;
const RAW_ANSWER_KEEP = 64 * 1024;

/**
 * Sends `bytes` on a fresh TCP connection and reads until the relay closes it (or `stopAt`
 * matches what arrived), so it sees exactly what the relay answered.
 */
export function rawExchange(port: number, bytes: string | Buffer, stopAt?: RegExp): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: status === null ? 0 : Number(status[1]), text });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no answer within ${RAW_ANSWER_TIMEOUT_MS} ms to ${JSON.stringify(String(bytes).slice(0, 80))}`,
        ),
      );
    }, RAW_ANSWER_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => {
      if (text.length < RAW_ANSWER_KEEP) text += chunk.toString('latin1');
      if (stopAt?.test(text) === true) done();
    });
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.write(bytes);
  });
}

/** A well-formed GET of `/` with the relay's own Host: what "still answering" means. */
export async function answersGoodRequest(relay: McpRelay): Promise<number> {
  const answer = await rawExchange(
    relay.port,
    `GET / HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\nConnection: close\r\n\r\n`,
  );
  return answer.status;
}

/** The upgrade request a browser sends, as raw bytes, with headers replaced or removed (`null`). */
export function upgradeRequest(
  relay: McpRelay,
  target: string,
  headers: Record<string, string | null> = {},
): string {
  const all: Record<string, string | null> = {
    Host: `127.0.0.1:${relay.port}`,
    Origin: relay.origin,
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    ...headers,
  };
  const lines = Object.entries(all)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => `${name}: ${value}\r\n`);
  return `GET ${target} HTTP/1.1\r\n${lines.join('')}\r\n`;
}

/** The target of a server's socket, token included. */
export const socketTarget = (relay: McpRelay, server = 'echo'): string =>
  `/mcp/${encodeURIComponent(server)}?token=${relay.token}`;

/** What an upgrade attempt came to: an open socket, or the HTTP status of the refusal. */
export type UpgradeOutcome = { open: WebSocket } | { status: number };

/** Opens a WebSocket to the relay with exactly the headers given (a page's by default). */
export function openSocket(
  relay: McpRelay,
  server = 'echo',
  headers: Record<string, string> = { Origin: relay.origin },
): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(relay.socketUrl(server), { headers, perMessageDeflate: false });
    socket.once('open', () => resolve({ open: socket }));
    socket.once('unexpected-response', (_request, response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0 });
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

/** An accepted socket, or a failure naming the status. */
export async function acceptedSocket(relay: McpRelay, server = 'echo'): Promise<WebSocket> {
  const outcome = await openSocket(relay, server);
  if (!('open' in outcome)) throw new Error(`a well-formed upgrade was refused with ${outcome.status}`);
  return outcome.open;
}

/** Resolves with the close code and reason once `socket` is closed. */
export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve({ code: 1006, reason: '' });
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
  });
}

/** A JSON-RPC request. */
export const request = (id: number, method = 'ping', params: unknown = {}): string =>
  JSON.stringify({ jsonrpc: '2.0', id, method, params });

/** Sends a request on `socket` and resolves with the answer to its id. */
export function roundTrip(
  socket: WebSocket,
  id: number,
  method = 'ping',
  params: unknown = {},
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onClose = (code: number): void => {
      socket.off('message', onMessage);
      reject(new Error(`socket closed (${code}) before answer ${id}`));
    };
    const onMessage = (data: Buffer): void => {
      const message = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown };
      if (message.id !== id) return;
      socket.off('message', onMessage);
      socket.off('close', onClose);
      resolve(message.result);
    };
    socket.on('message', onMessage);
    socket.once('close', onClose);
    socket.send(request(id, method, params));
  });
}

/** Whether a page can still open a socket and get an answer from its server right now. */
export async function pageStillServed(relay: McpRelay, id = 1): Promise<unknown> {
  const socket = await acceptedSocket(relay);
  const end = closed(socket);
  const answer = await roundTrip(socket, id, 'echo-check', { id });
  socket.close();
  await end;
  return answer;
}

/** A relay running in a process of its own (`relayCli.ts`). */
export interface RelayProcess {
  /** What the helpers need of a relay, for that one. */
  relay: McpRelay;
  /** Its pid. */
  pid: number;
  /** Its events so far (one JSON line each on its stdout). */
  events(): McpRelayEvent[];
  /** Its run, settling when it exits. */
  run: Promise<TsxRun>;
  /**
   * What its heap and buffers hold after a full collection, in bytes (a relay started with
   * `{ measureMemory: true }`; SIGUSR2 asks for it, the answer is one line on its stdout).
   */
  retainedBytes(): Promise<number>;
}

/** Starts `spec/relay/relayCli.ts`; resolves once it listens. */
export function startRelayProcess(
  seen: Set<number>,
  options: { measureMemory?: boolean } = {},
): Promise<RelayProcess> {
  return new Promise((resolve, reject) => {
    let output = '';
    let started = false;
    /** Waiting for the next `retained` line: called on every chunk. */
    const waiting = new Set<() => void>();
    const retainedLines = (): number[] =>
      [...output.matchAll(/^\{"retained":(\d+)\}$/gm)].map((match) => Number(match[1]));
    const run = runTsx(['spec/relay/relayCli.ts'], {
      timeoutMs: 170_000,
      seen,
      nodeArgs: options.measureMemory === true ? ['--expose-gc'] : [],
      onOutput: (stdout, pid) => {
        output = stdout;
        for (const check of [...waiting]) check();
        const line = /^(\{"ready".*)$/m.exec(stdout);
        if (line === null || started) return;
        started = true;
        const { port, token } = (JSON.parse(line[1]) as { ready: { port: number; token: string } }).ready;
        const relay = {
          port,
          token,
          origin: `http://127.0.0.1:${port}`,
          socketUrl: (name: string) => `ws://127.0.0.1:${port}/mcp/${name}?token=${token}`,
        } as McpRelay;
        const events = (): McpRelayEvent[] =>
          output
            .split('\n')
            .filter((text) => text.startsWith('{"type"'))
            .map((text) => JSON.parse(text) as McpRelayEvent);
        const retainedBytes = (): Promise<number> =>
          new Promise((answered) => {
            const before = retainedLines().length;
            const check = (): void => {
              const lines = retainedLines();
              if (lines.length > before) {
                waiting.delete(check);
                answered(lines[lines.length - 1]);
              }
            };
            waiting.add(check);
            process.kill(pid, 'SIGUSR2');
          });
        resolve({ relay, pid, events, run, retainedBytes });
      },
    });
    run.then(() => {
      if (!started) reject(new Error('the relay process exited before listening'));
    }, reject);
  });
}
