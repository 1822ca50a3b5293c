/**
 * The MessagePort transport in a real browser (Debian's Chromium, headless, fresh profile): a
 * page owns the ports and serves each with `serveMessagePort()` to a fake MCP server of its own;
 * a Web Worker and an iframe run `mcpSession(fromMessagePort(port))` with two consumers at once,
 * through the package's public entries (bundled here with esbuild, served from memory). Each
 * peer subscribes before its owner serves, so its first messages wait in the port. Chromium says
 * nothing on a port whose worker was terminated or whose document was reloaded (measured), so
 * these cases end through the owner's heartbeat.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { PeerState, PortTestApi } from './port/owner.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, freshProfile } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const WAIT_MS = 20_000;
const FRAME_PAGE = '<!doctype html><meta charset="utf-8"><script src="/frame.js"></script>';
const OWNER_PAGE = '<!doctype html><meta charset="utf-8"><body><script src="/owner.js"></script></body>';

/** The three scripts, bundled for the browser from their TypeScript sources. */
async function bundle(): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: ['owner', 'worker', 'frame'].map((name) => join(here, 'port', `${name}.ts`)),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outdir: '/bundle',
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((file) => [file.path.replace(/^\/bundle/, ''), file.text]));
}

/** Serves the pages and scripts from memory on a loopback port. */
async function serveFiles(files: Map<string, string>): Promise<Server> {
  const pages = new Map([
    ['/', OWNER_PAGE],
    ['/frame.html', FRAME_PAGE],
  ]);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const page = pages.get(path);
    const script = files.get(path);
    if (page === undefined && script === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': page === undefined ? 'text/javascript' : 'text/html' });
    response.end(page ?? script);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('fromMessagePort and serveMessagePort in headless Chromium', () => {
  let http: Server;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  /** The page's view of a peer. */
  const state = (name: string): Promise<PeerState> =>
    page.evaluate((n) => (window as unknown as { portTest: PortTestApi }).portTest.state(n), name);
  /** Polls the peer's state until `check` holds; a bound turns a hang into a clear failure. */
  const until = async (name: string, check: (s: PeerState) => boolean): Promise<PeerState> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const current = await state(name);
      if (check(current)) return current;
      if (Date.now() > deadline)
        throw new Error(`timed out; the state of ${name}: ${JSON.stringify(current)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const call = (method: keyof PortTestApi, ...args: unknown[]): Promise<void> =>
    page.evaluate(
      ([m, a]) => {
        const api = (window as unknown as { portTest: Record<string, (...args: unknown[]) => void> })
          .portTest;
        api[m](...a);
      },
      [method, args] as const,
    );

  before(async () => {
    http = await serveFiles(await bundle());
    profile = freshProfile();
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
  });

  after(async () => {
    await context.close().catch(() => undefined);
    await new Promise((resolve) => http.close(resolve));
    rmSync(profile, { recursive: true, force: true });
  });

  it('a Web Worker gets the whole session: two consumers, progress, elicitation, a resource, a live list', async () => {
    await call('startWorker', 'w1', false);
    let s = await until('w1', (st) => st.reports.some((r) => r.type === 'read'));
    assert.deepEqual(
      s.reports.filter((r) => r.type !== 'tools'),
      [
        { type: 'subscribed' },
        { type: 'progress', progress: 1, total: 2 },
        { type: 'result', text: JSON.stringify({ action: 'accept', content: { name: 'Ada (Your name?)' } }) },
        { type: 'read', text: 'the memo' },
      ],
    );
    assert.deepEqual(
      s.reports.find((r) => r.type === 'tools'),
      { type: 'tools', names: ['ask'] },
    );
    await call('setTools', 'w1', ['ask', 'later']);
    s = await until('w1', (st) => st.reports.some((r) => r.type === 'tools' && r.names.length === 2));
    // Subscribed before the owner served: nothing was lost, one connection, one handshake.
    assert.deepEqual(s.servings, [
      { events: ['connected'], ended: false, connections: 1, open: true, initializes: 1 },
    ]);
  });

  it('consumers that leave drop the server; joining again connects afresh', async () => {
    await call('command', 'w1', 'leave');
    let s = await until('w1', (st) => !st.servings[0].open);
    assert.deepEqual(s.servings[0].events, ['connected', 'disconnected:page']);
    await call('command', 'w1', 'join');
    s = await until('w1', (st) => st.servings[0].open);
    assert.deepEqual(s.servings[0].events, ['connected', 'disconnected:page', 'connected']);
    assert.equal(s.servings[0].initializes, 2);
  });

  it("terminating the worker: the page's owner drops the server at the heartbeat and closes the port", async () => {
    await call('terminate', 'w1');
    const s = await until('w1', (st) => st.servings[0].ended);
    assert.deepEqual(s.servings[0].events, [
      'connected',
      'disconnected:page',
      'connected',
      'disconnected:unresponsive',
    ]);
    assert.equal(s.servings[0].open, false);
  });

  it('a hostile worker: its garbage is reported and skipped, its session works', async () => {
    await call('startWorker', 'w2', true);
    const s = await until('w2', (st) => st.reports.some((r) => r.type === 'read'));
    assert.deepEqual(s.servings[0].events.slice(0, 5), [
      'malformed:not a JSON-RPC message (a string of JSON text) nor a signal',
      'malformed:not JSON',
      "malformed:an unexpected signal 'bogus'",
      'malformed:a message outside a connection',
      'connected',
    ]);
    assert.equal(
      s.reports.some((r) => r.type === 'error'),
      false,
    );
    await call('terminate', 'w2');
    await until('w2', (st) => st.servings[0].ended);
  });

  it('an iframe gets the session; reloading it drops the old server, the new document gets a new one', async () => {
    await call('startFrame', 'f1');
    let s = await until('f1', (st) => st.reports.some((r) => r.type === 'read'));
    assert.equal(s.servings.length, 1);
    await call('reloadFrame', 'f1');
    s = await until(
      'f1',
      (st) =>
        st.servings.length === 2 &&
        st.servings[0].ended &&
        st.reports.filter((r) => r.type === 'read').length === 2,
    );
    assert.deepEqual(s.servings[0].events, ['connected', 'disconnected:unresponsive']);
    assert.equal(s.servings[0].open, false);
    assert.deepEqual(s.servings[1].events, ['connected']);
    assert.equal(s.servings[1].open, true);
  });
});
