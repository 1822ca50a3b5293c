/**
 * docs/angular.md's browser code, as a user would paste it into a default Angular 21 app (built
 * by `npm run build:guide` from the page itself), served by the library's relay and run in
 * headless Chromium: the component lists the server's tools and shows the answer of an `echo`
 * call; closing the page ends the server's process tree, by pid.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { staticFiles, startMcpRelay, type McpRelay, type McpRelayEvent } from 'rxjs-mcp-stdio/relay';
import { everythingConfig } from '../relay/everythingServer.js';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  descendantsOf,
  freshProfile,
  PAGE_ROOT,
  waitUntilGone,
} from './support.js';

const GUIDE_ROOT = join(PAGE_ROOT, '..', '..', 'guide', 'browser');
const WAIT = { timeout: 30_000 };

describe("docs/angular.md's service and component, built into a default Angular app", () => {
  let relay: McpRelay;
  let context: BrowserContext;
  let profile: string;
  const seen: McpRelayEvent[] = [];

  before(async () => {
    relay = await startMcpRelay({
      servers: everythingConfig(),
      serverParams: { stderr: 'ignore' },
      page: staticFiles(GUIDE_ROOT),
    });
    relay.events$.subscribe((event) => seen.push(event));
    profile = freshProfile();
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  after(async () => {
    await context.close().catch(() => undefined);
    await relay.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('lists the tools, answers the echo call, and the tab closing ends the server', async () => {
    const page = await context.newPage();
    await page.goto(`${relay.origin}/?token=${relay.token}`);
    await page.locator('li', { hasText: /^echo$/ }).waitFor(WAIT);
    await page.locator('button', { hasText: 'Echo' }).click();
    await page.locator('p.answer', { hasText: 'Echo: hello' }).waitFor(WAIT);
    assert.equal(await page.locator('p.answer').textContent(), 'Echo: hello');

    const spawned = seen.flatMap((event) => (event.type === 'spawned' ? [event.pid] : []));
    assert.equal(spawned.length, 1);
    const tree = [spawned[0], ...descendantsOf(spawned[0])];
    await page.close();
    assert.deepEqual(await waitUntilGone(tree, 15_000), []);
  });
});
