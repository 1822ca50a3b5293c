/**
 * MCP Apps in the demo, in headless Chromium: the system monitor's view (server-system-monitor
 * over stdio) renders beside its call card, in a frame of the sandbox origin; its numbers change
 * as it polls the app-only tool through the host; closing the card tears it down, and no server
 * call follows. Then a hostile view (e2e/fixtures/hostileAppServer.mjs): every attempt on the
 * page, its token or tools it may not call fails, is shown as an error on the page, and the host
 * keeps working.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import type { McpRelayEvent } from 'rxjs-mcp-stdio/relay';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  eventMatching,
  freshProfile,
  OUTPUT_DIR,
  startRecordedDemo,
  type RecordedDemo,
} from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const WAIT = { timeout: 30_000 };
type ToServer = Extract<McpRelayEvent, { type: 'toServer' }>;
type Closed = Extract<McpRelayEvent, { type: 'closed' }>;

/** The `tools/call`s of `tool` the relay passed to a server. */
const callsOf = (demo: RecordedDemo, tool: string): ToServer[] =>
  demo.seen.filter(
    (e): e is ToServer =>
      e.type === 'toServer' &&
      e.message.method === 'tools/call' &&
      (e.message.params as { name?: string }).name === tool,
  );

/** The view's own frame (the srcdoc frame inside the sandbox proxy's frame), once it exists. */
async function viewFrame(page: Page, sandboxOrigin: string): Promise<Frame> {
  for (;;) {
    const frame = page
      .frames()
      .find((f) => f.url() === 'about:srcdoc' && f.parentFrame()?.url().startsWith(sandboxOrigin) === true);
    if (frame !== undefined) return frame;
    // An iframe attaches as about:blank, then navigates to its document.
    await page.waitForEvent('framenavigated', WAIT);
  }
}

describe('MCP Apps in the web demo (headless Chromium)', () => {
  let demo: RecordedDemo;
  let context: BrowserContext;
  let page: Page;
  let profile: string;

  before(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    demo = await startRecordedDemo({
      extraServers: {
        hostile: { command: process.execPath, args: [join(here, 'fixtures', 'hostileAppServer.mjs')] },
      },
    });
    profile = freshProfile();
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 1100 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  after(async () => {
    await context.close().catch(() => undefined);
    await demo.close();
    rmSync(profile, { recursive: true, force: true });
  });

  /** Opens a tool's form and submits it. */
  async function call(tool: string): Promise<void> {
    const details = page.locator(`details[data-tool="${tool}"]`);
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await details.locator('button[type="submit"]').click();
  }

  it('shows the system monitor’s view beside its card; its numbers change; closing it stops the polling', async () => {
    await page.goto(demo.urlFor('monitor'));
    await page.locator('.status[data-state="ready"]').waitFor(WAIT);
    // The catalog the page shows is the session's list: the app-only tool is there, marked by its meta.
    await call('get-system-info');
    const panel = page.locator('.with-view .app-view');
    await panel.and(page.locator('[data-state="live"]')).waitFor(WAIT);
    const view = await viewFrame(page, demo.sandbox.origin);
    // The view is on the sandbox origin's inner frame, not the page's.
    assert.notEqual(new URL(demo.sandbox.origin).port, String(demo.port));
    // It polls on its own once it has the result (its button then offers to stop).
    await view.locator('#poll-toggle-btn', { hasText: 'Stop' }).waitFor(WAIT);
    // Its numbers change: the time of the last poll-system-stats it made through the host, twice.
    const readAt = (): string => document.getElementById('status-text')?.textContent ?? '';
    await view.waitForFunction(
      () => /\d\d:\d\d:\d\d/.test(document.getElementById('status-text')?.textContent ?? ''),
      null,
      WAIT,
    );
    const first = await view.evaluate(readAt);
    await view.waitForFunction(
      (before) => document.getElementById('status-text')?.textContent !== before,
      first,
      WAIT,
    );
    const memory = await view.locator('#memory-percent').textContent();
    assert.match(memory ?? '', /^\d+%$/);
    assert.ok(callsOf(demo, 'poll-system-stats').length >= 2, 'the view polled through the host');
    await page.screenshot({ path: join(OUTPUT_DIR, 'apps-system-monitor.png'), fullPage: true });

    // Close the card: the frames go, and no poll reaches the server after it.
    const detached = page.waitForEvent('framedetached', { predicate: (f) => f === view, ...WAIT });
    await page.locator('.with-view .close-card').click();
    await detached;
    await page.locator('.with-view').waitFor({ state: 'detached', ...WAIT });
    const pollsAtClose = callsOf(demo, 'poll-system-stats').length;
    // A barrier on the same connection: a restart closes the socket, after everything it carried.
    const connection = callsOf(demo, 'poll-system-stats')[0]?.connection;
    const closed = eventMatching(
      demo,
      (e): e is Closed => e.type === 'closed' && e.connection === connection,
    );
    await page.getByRole('button', { name: 'Restart server' }).click();
    await closed;
    assert.equal(callsOf(demo, 'poll-system-stats').length, pollsAtClose, 'no poll after teardown');
    await page.locator('.status[data-state="ready"]').waitFor(WAIT);
  });

  it('a hostile view: each attempt fails, is shown as an error, and the host keeps working', async () => {
    await page.goto(demo.urlFor('hostile'));
    await page.locator('.status[data-state="ready"]').waitFor(WAIT);
    await call('open');
    const panel = page.locator('.with-view .app-view');
    const view = await viewFrame(page, demo.sandbox.origin);
    await view.locator('#state', { hasText: 'hostile view done' }).waitFor(WAIT);
    await panel.locator('.app-log', { hasText: 'call ping-app:' }).waitFor(WAIT);
    const logs = (await panel.locator('.app-log').allTextContents()).join('\n');
    await page.screenshot({ path: join(OUTPUT_DIR, 'apps-hostile.png'), fullPage: true });
    // The page, its token and its storage are out of reach.
    assert.match(logs, /parent document: failed \(SecurityError\)/);
    assert.match(logs, /top document: failed \(SecurityError\)/);
    assert.match(logs, /top location: failed \(SecurityError\)/);
    assert.match(logs, /storage: failed \(SecurityError\)/);
    assert.ok(!logs.includes(demo.token), 'the token never reached the view');
    // Tools it may not call: model-only, unknown here, another server's.
    assert.match(logs, /call model-secret: refused \(.*not for its views/);
    assert.match(logs, /call echo: refused \(.*no tool named echo/);
    assert.match(logs, /call everything_echo: refused/);
    assert.ok(!logs.includes('THE SECRET'));
    // The flood: all but the bound refused at once; then the host still answers it.
    const flood = /flood: (\d+) refused of 300/.exec(logs);
    assert.ok(flood !== null && Number(flood[1]) >= 250, logs);
    assert.match(logs, /call ping-app: ANSWERED .*pong/);
    // Each refusal is shown as an error on the page, the message posted as another frame too.
    const refusals = await panel
      .locator('.app-refusal-kind')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-refusal')));
    for (const kind of ['tool', 'flood', 'foreign-message'])
      assert.ok(refusals.includes(kind), `${kind}: ${refusals.join(',')}`);
    // No model-only call and no foreign message reached the server.
    assert.equal(callsOf(demo, 'model-secret').length, 0);
    assert.ok(callsOf(demo, 'slow-app').length <= 16 + 1);
    // The host keeps working: the page calls a tool of its own.
    await call('open');
    await page.locator('.with-view').nth(1).waitFor(WAIT);
    assert.equal((await page.locator('.call[data-tool="open"][data-state="done"]').count()) >= 1, true);
  });
});
