/**
 * The page in a real browser (Debian's Chromium, headless, fresh profile) against the relay and
 * the real everything server: it lists the tools, streams a long-running call's progress into
 * the bar up to the result, cancels a second call (the cancellation is seen arriving at the
 * server's side of the relay), renders markup in a tool result as inert text, an image, resource
 * links and a refused call as an error, shows the server's log, shows a server crash and the
 * reconnect on the status line, restarts the server on demand, and when the page closes the
 * server's process tree is gone, by pid. A screenshot of the page mid-run goes to e2e-output/.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { McpRelayEvent } from 'rxjs-mcp-stdio/relay';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  descendantsOf,
  eventMatching,
  freshProfile,
  isAlive,
  OUTPUT_DIR,
  spawnCount,
  startRecordedDemo,
  waitUntilGone,
  type RecordedDemo,
} from './support.js';

type Spawned = Extract<McpRelayEvent, { type: 'spawned' }>;
type ToServer = Extract<McpRelayEvent, { type: 'toServer' }>;
const isSpawned = (e: McpRelayEvent): e is Spawned => e.type === 'spawned';
const WAIT = { timeout: 30_000 };

/** A `tools/call` the page sent for `tool` whose arguments match. */
const callOf =
  (tool: string, args: Record<string, unknown>) =>
  (e: McpRelayEvent): e is ToServer => {
    if (e.type !== 'toServer' || e.message.method !== 'tools/call') return false;
    const params = e.message.params as { name: string; arguments: Record<string, unknown> };
    return params.name === tool && JSON.stringify(params.arguments) === JSON.stringify(args);
  };

describe('the web demo in headless Chromium', () => {
  let demo: RecordedDemo;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let firstServer: Spawned;

  /** Opens a tool's form and fills its fields. */
  async function fillTool(tool: string, values: Record<string, string>): Promise<void> {
    const details = page.locator(`details[data-tool="${tool}"]`);
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    for (const [name, value] of Object.entries(values)) await details.locator(`[name="${name}"]`).fill(value);
  }
  const submit = (tool: string) => page.locator(`details[data-tool="${tool}"] button[type="submit"]`).click();

  before(async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    demo = await startRecordedDemo();
    profile = freshProfile();
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  after(async () => {
    await context.close().catch(() => undefined);
    await demo.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('opens the page, which connects through the relay and lists the live tools', async () => {
    await page.goto(demo.url);
    await page.locator('.status[data-state="ready"]').waitFor(WAIT);
    assert.match((await page.locator('.status').textContent()) ?? '', /Connected to mcp-servers\/everything/);
    const tools = await page.locator('details.tool .tool-name').allTextContents();
    assert.equal(tools.includes('trigger-long-running-operation'), true, tools.join(', '));
    assert.equal(tools.includes('echo'), true);
    assert.equal(await page.locator('.server-name').textContent(), 'mcp-servers/everything');
    firstServer = await eventMatching(demo, isSpawned);
    assert.equal(spawnCount(demo), 1);
  });

  it('runs trigger-long-running-operation: the progress bar advances step by step to the result', async () => {
    await fillTool('trigger-long-running-operation', { duration: '2', steps: '4' });
    // Every value the bar takes, recorded in the page as it changes.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { barValues: string[] }).barValues = seen;
      new MutationObserver((records) => {
        for (const record of records) {
          const bar = record.target as Element;
          if (bar.closest('[data-tool="trigger-long-running-operation"]') !== null) {
            seen.push(bar.getAttribute('aria-valuenow') ?? '');
          }
        }
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    });
    await submit('trigger-long-running-operation');
    const card = page.locator('.call[data-tool="trigger-long-running-operation"]').first();
    await card.locator('.bar[aria-valuenow="50"]').waitFor(WAIT);
    await page.screenshot({ path: join(OUTPUT_DIR, 'page-mid-run.png'), fullPage: true });
    await card.and(page.locator('[data-state="done"]')).waitFor(WAIT);
    assert.match(
      (await card.locator('.result-text').textContent()) ?? '',
      /Long running operation completed\. Duration: 2 seconds, Steps: 4\./,
    );
    const values = await page.evaluate(() =>
      (window as unknown as { barValues: string[] }).barValues.map(Number),
    );
    // Steps of 25%; two steps may land in one render under load, so: rising, midway, then full.
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a - b),
    );
    assert.equal(new Set(values).size, values.length, values.join());
    assert.equal(values.includes(50), true, values.join());
    assert.equal(
      values.every((v) => v % 25 === 0 && v > 0),
      true,
      values.join(),
    );
    assert.equal(values.at(-1), 100);
  });

  it('cancels a second run: the card says so and the server receives notifications/cancelled', async () => {
    const args = { duration: 60, steps: 60 };
    await fillTool('trigger-long-running-operation', { duration: '60', steps: '60' });
    await submit('trigger-long-running-operation');
    const call = await eventMatching(demo, callOf('trigger-long-running-operation', args));
    const card = page.locator('.call[data-tool="trigger-long-running-operation"][data-state="running"]');
    await card.locator('.call-progress').waitFor(WAIT);
    await card.locator('button.cancel').click();
    const cancelled = await eventMatching(
      demo,
      (e): e is ToServer =>
        e.type === 'toServer' &&
        e.message.method === 'notifications/cancelled' &&
        (e.message.params as { requestId: unknown }).requestId === call.message.id,
    );
    assert.equal(cancelled.connection, call.connection);
    await page
      .locator('.call[data-tool="trigger-long-running-operation"][data-state="cancelled"]')
      .waitFor(WAIT);
  });

  it('renders markup in a tool result as inert text', async () => {
    const payload = '<img src="x" onerror="window.pwned = 1"><script>window.pwned = 2</script>';
    await fillTool('echo', { message: payload });
    await submit('echo');
    const card = page.locator('.call[data-tool="echo"][data-state="done"]');
    await card.waitFor(WAIT);
    assert.equal(await card.locator('.result-text').textContent(), `Echo: ${payload}`);
    assert.equal(await card.locator('img, script').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
  });

  it('renders an image, resource links, and a failed call as an error', async () => {
    await fillTool('get-tiny-image', {});
    await submit('get-tiny-image');
    const image = page.locator('.call[data-tool="get-tiny-image"][data-state="done"] img.result-image');
    await image.waitFor(WAIT);
    assert.match((await image.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    assert.equal(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), true);

    await fillTool('get-resource-links', { count: '2' });
    await submit('get-resource-links');
    const links = page.locator('.call[data-tool="get-resource-links"][data-state="done"] .result-link');
    await links.first().waitFor(WAIT);
    assert.equal(await links.count(), 2);
    assert.match((await links.first().textContent()) ?? '', /demo:\/\/resource\//);

    // Out of the schema's range (1-10): the server refuses the arguments.
    await fillTool('get-resource-links', { count: '99' });
    await submit('get-resource-links');
    const refused = page.locator('.call[data-tool="get-resource-links"].is-error');
    await refused.waitFor(WAIT);
    assert.match((await refused.textContent()) ?? '', /count|10/);
  });

  it('sets the log level and shows the server log', async () => {
    await page.locator('select[name="log-level"]').selectOption('debug');
    await eventMatching(
      demo,
      (e): e is ToServer =>
        e.type === 'toServer' &&
        e.message.method === 'logging/setLevel' &&
        (e.message.params as { level: string }).level === 'debug',
    );
    await fillTool('toggle-simulated-logging', {});
    await submit('toggle-simulated-logging');
    const line = page.locator('.log-line').first();
    await line.waitFor(WAIT);
    assert.match((await line.locator('.log-data').textContent()) ?? '', /-level message|level-message/);
    await page.screenshot({ path: join(OUTPUT_DIR, 'page-with-results.png'), fullPage: true });
  });

  it('shows the server crash on the status line, then reconnects to a fresh server', async () => {
    process.kill(firstServer.pid, 'SIGKILL');
    await page.locator('.status[data-state="disconnected"]').waitFor(WAIT);
    assert.match(
      (await page.locator('.status').textContent()) ?? '',
      /The server is gone: connection closed \(1011: The server failed/,
    );
    await page.locator('.status[data-state="ready"]').waitFor(WAIT);
    assert.match((await page.locator('.status').textContent()) ?? '', /restarted 1×/);
    assert.equal(spawnCount(demo), 2);
    assert.deepEqual(await waitUntilGone([firstServer.pid], 10_000), []);
  });

  it('restarts on demand: the old server is ended, a fresh one serves the page', async () => {
    const before = demo.seen.filter(isSpawned).at(-1);
    if (before === undefined) assert.fail('no server was spawned');
    await page.locator('.status button').click();
    await page.locator('.status[data-state="ready"]', { hasText: 'restarted 2×' }).waitFor(WAIT);
    assert.equal(spawnCount(demo), 3);
    assert.deepEqual(await waitUntilGone([before.pid], 10_000), []);
  });

  it('closes the page: the relay ends the server, whose whole process tree is gone', async () => {
    const current = demo.seen.filter(isSpawned).at(-1);
    if (current === undefined) assert.fail('no server was spawned');
    assert.notEqual(current.pid, firstServer.pid);
    const tree = [current.pid, ...descendantsOf(current.pid)];
    assert.equal(isAlive(current.pid), true);
    await page.close();
    await eventMatching(demo, (e): e is McpRelayEvent => e.type === 'serverExited' && e.pid === current.pid);
    assert.deepEqual(await waitUntilGone(tree, 10_000), []);
  });
});
