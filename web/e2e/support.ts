/**
 * What the web tests share: the demo started in-process on the real everything server, a
 * recording of the relay's events (so a test can wait for one that already happened), raw
 * WebSocket upgrades with chosen headers, and the process helpers of the root test suite (pids
 * and their descendants from /proc, never names).
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstValueFrom, filter, ReplaySubject, timeout, type Observable } from 'rxjs';
import WebSocket from 'ws';
import type { McpRelayEvent } from 'rxjs-mcp-stdio/relay';
import { startWebDemo, type WebDemo, type WebDemoOptions } from '../relay/webDemo.js';

export { descendantsOf, isAlive, killIfAlive, waitUntilGone } from '../../spec/support/processes.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The built Angular app. */
export const PAGE_ROOT = join(here, '..', 'dist', 'web', 'browser');
/** Where screenshots go (git-ignored). */
export const OUTPUT_DIR = join(here, '..', 'e2e-output');

/** A running demo whose relay events are all recorded from the start. */
export interface RecordedDemo extends WebDemo {
  /** Every relay event so far and from now on. */
  readonly events: Observable<McpRelayEvent>;
  /** Every relay event so far. */
  readonly seen: McpRelayEvent[];
}

/** Starts the demo on the everything server and records its relay's events. */
export async function startRecordedDemo(options: Partial<WebDemoOptions> = {}): Promise<RecordedDemo> {
  const demo = await startWebDemo({ pageRoot: PAGE_ROOT, ...options });
  const events = new ReplaySubject<McpRelayEvent>();
  const seen: McpRelayEvent[] = [];
  demo.relay.events$.subscribe((event) => {
    seen.push(event);
    events.next(event);
  });
  return Object.assign(demo, { events: events.asObservable(), seen });
}

/** The first relay event (past or future) that matches, or an error after `ms`. */
export function eventMatching<T extends McpRelayEvent>(
  demo: RecordedDemo,
  match: (event: McpRelayEvent) => event is T,
  ms = 20_000,
): Promise<T> {
  return firstValueFrom(demo.events.pipe(filter(match), timeout(ms)));
}

/** How many server processes the relay has started. */
export const spawnCount = (demo: RecordedDemo): number =>
  demo.seen.filter((e) => e.type === 'spawned').length;

/** What an upgrade attempt came to: an open socket, or the HTTP status of the refusal. */
export type UpgradeOutcome = { open: WebSocket } | { status: number; body: string };

/** Attempts a WebSocket upgrade to `url` with exactly the headers given. */
export function attemptUpgrade(url: string, headers: Record<string, string>): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve({ open: socket }));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once('error', (error) => reject(error));
  });
}

/** Resolves with the close code and reason once `socket` is closed. */
export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve({ code: 1006, reason: '' });
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
  });
}

/** The headers a browser on the demo's page sends. */
export const pageHeaders = (demo: WebDemo): Record<string, string> => ({
  Origin: `http://127.0.0.1:${demo.port}`,
});

/** A fresh, empty browser profile folder. */
export const freshProfile = (): string => mkdtempSync(join(tmpdir(), 'rxjs-mcp-web-profile-'));

/** The Chromium flags of the e2e run (never a downloaded browser: Debian's chromium). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The browser binary (Debian's chromium package). */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** What a raw exchange came to: the status line's code (0 when the socket closed without one), and the bytes. */
export interface RawAnswer {
  status: number;
  text: string;
}

/**
 * Sends `bytes` on a fresh TCP connection to the demo and reads until it closes the connection
 * (or `stopAt` matches), so a test sees exactly what the relay answered to what no client
 * library would send.
 */
export function rawExchange(port: number, bytes: string | Buffer, stopAt?: RegExp): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${JSON.stringify(String(bytes).slice(0, 80))}`));
    }, 15_000);
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text });
    };
    socket.on('data', (chunk: Buffer) => {
      if (text.length < 65_536) text += chunk.toString('latin1');
      if (stopAt?.test(text) === true) done();
    });
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.write(bytes);
  });
}
