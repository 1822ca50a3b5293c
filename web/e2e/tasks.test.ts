/**
 * Tasks in a real browser (Debian's Chromium, headless, fresh profile) against the relay and the
 * real everything server: the page offers `simulate-research-query` as a task (and `echo`, which
 * forbids tasks, as a plain call only); a task card shows the task id, each stage message as it
 * arrives and then the result; with `ambiguous: true` the server's question appears on the card as
 * a form rendered from its schema, the answer goes back and the result names it; Cancel sends
 * `tasks/cancel` and the card shows the server's `cancelled`. Markup in the topic comes back in
 * status messages, the question and the result, and stays text. A question outside any task
 * (`trigger-elicitation-request`) shows above the calls and its answer goes back. Screenshots of a
 * task mid-run and of its question go to e2e-output/. When the page closes, the server's process tree is gone, by pid.
 *
 * Waits are for DOM states and relay frames, never for time. Stage order is read from a
 * MutationObserver's snapshots of the card, in the order the page rendered them.
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
  OUTPUT_DIR,
  startRecordedDemo,
  waitUntilGone,
  type RecordedDemo,
} from './support.js';

type Spawned = Extract<McpRelayEvent, { type: 'spawned' }>;
type ToServer = Extract<McpRelayEvent, { type: 'toServer' }>;
type ToPage = Extract<McpRelayEvent, { type: 'toPage' }>;
/** An elicitation answer without its `_meta`: what the user chose. */
const answerOf = (result: unknown): unknown =>
  Object.fromEntries(Object.entries(result ?? {}).filter(([key]) => key !== '_meta'));
/** The `taskId` of a request's params, if any. */
const taskIdOf = (params: unknown): unknown => (params as { taskId?: unknown } | undefined)?.taskId;
const WAIT = { timeout: 30_000 };
const TOOL = 'simulate-research-query';

/** What a task card showed at one moment. */
interface CardSnapshot {
  readonly call: string;
  readonly status: string;
  readonly stages: string[];
  readonly result: boolean;
}

/** A frame the page sent to the server with this method whose params match. */
const sent =
  (method: string, match: (params: Record<string, unknown>) => boolean = () => true) =>
  (e: McpRelayEvent): e is ToServer =>
    e.type === 'toServer' &&
    e.message.method === method &&
    match((e.message.params ?? {}) as Record<string, unknown>);

describe('tasks on the web page, in headless Chromium', () => {
  let demo: RecordedDemo;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let server: Spawned;

  /** Opens the tool's form (once) and fills its text fields. */
  async function fillTool(tool: string, values: Record<string, string>): Promise<void> {
    const details = page.locator(`details[data-tool="${tool}"]`);
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    for (const [name, value] of Object.entries(values)) await details.locator(`[name="${name}"]`).fill(value);
  }

  /** Submits the tool's form and returns the new task card's call id. */
  async function runTask(): Promise<string> {
    const before = await page.locator('.call.task').count();
    await page.locator(`details[data-tool="${TOOL}"] button[type="submit"]`).click();
    await page.locator('.call.task').nth(before).waitFor(WAIT);
    const id = await page.locator('.call.task').first().getAttribute('data-call');
    if (id === null) assert.fail('the task card has no call id');
    return id;
  }

  const card = (call: string) => page.locator(`.call.task[data-call="${call}"]`);
  /** A card's stages as `status: message`, oldest first. */
  const stagesOf = (call: string): Promise<string[]> =>
    card(call)
      .locator('.stage')
      .evaluateAll((stages) =>
        stages.map(
          (stage) =>
            `${stage.getAttribute('data-status') ?? ''}: ${stage.querySelector('.stage-message')?.textContent ?? ''}`,
        ),
      );

  /** The snapshots of one card, in the order the page rendered them. */
  const snapshotsOf = (call: string): Promise<CardSnapshot[]> =>
    page.evaluate(
      (id) =>
        (window as unknown as { cardSnapshots: CardSnapshot[] }).cardSnapshots.filter((s) => s.call === id),
      call,
    );

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

  it('offers simulate-research-query as a task, and echo (task support forbidden) as a plain call', async () => {
    await page.goto(demo.url);
    await page.locator('.status[data-state="ready"]').waitFor(WAIT);
    server = await eventMatching(demo, (e): e is Spawned => e.type === 'spawned');
    const research = page.locator(`details[data-tool="${TOOL}"]`);
    assert.equal(await research.locator('summary .task-tag').textContent(), 'task');
    // taskSupport "required": the only way is a task, so there is no toggle.
    assert.equal(await research.locator('[name="run-as-task"]').count(), 0);
    assert.match((await research.locator('button[type="submit"]').textContent()) ?? '', /Run .* as task/);
    const echo = page.locator('details[data-tool="echo"]');
    assert.equal(await echo.locator('.task-tag').count(), 0);
    assert.equal(await echo.locator('[name="run-as-task"]').count(), 0);
    assert.match((await echo.locator('button[type="submit"]').textContent()) ?? '', /Call echo/);

    // Every state of every task card, recorded in the page as it renders.
    await page.evaluate(() => {
      const snapshots: CardSnapshot[] = [];
      (window as unknown as { cardSnapshots: CardSnapshot[] }).cardSnapshots = snapshots;
      const last = new Map<string, string>();
      new MutationObserver(() => {
        for (const element of Array.from(document.querySelectorAll('.call.task'))) {
          const snapshot: CardSnapshot = {
            call: element.getAttribute('data-call') ?? '',
            status: element.getAttribute('data-status') ?? '',
            stages: Array.from(element.querySelectorAll('.stage')).map(
              (stage) =>
                `${stage.getAttribute('data-status') ?? ''}: ${stage.querySelector('.stage-message')?.textContent ?? ''}`,
            ),
            result: element.querySelector('.result') !== null,
          };
          const key = JSON.stringify(snapshot);
          if (last.get(snapshot.call) === key) continue;
          last.set(snapshot.call, key);
          snapshots.push(snapshot);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  });

  it('runs it as a task: the id, each stage as it arrives, completed, then the result', async () => {
    await fillTool(TOOL, { topic: 'reactive streams' });
    const call = await runTask();
    const created = card(call).locator('.task-id');
    await created.waitFor(WAIT);
    const taskId = (await created.textContent())?.trim() ?? '';
    assert.match(taskId, /^\S+$/);
    // The page follows that very task on the server.
    await eventMatching(
      demo,
      sent('tasks/get', (params) => params['taskId'] === taskId),
    );
    await card(call).locator('.stage').nth(1).waitFor(WAIT);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(OUTPUT_DIR, 'page-task-mid-run.png'), fullPage: true });
    await card(call).and(page.locator('[data-state="done"]')).waitFor(WAIT);
    assert.equal(await card(call).getAttribute('data-status'), 'completed');
    assert.match(
      (await card(call).locator('.result-text').textContent()) ?? '',
      /^# Research Report: reactive streams/,
    );

    const snapshots = await snapshotsOf(call);
    const firstResult = snapshots.findIndex((s) => s.result);
    assert.notEqual(firstResult, -1);
    // Each stage text, with the snapshot it first showed up in: before the result, one at a time.
    const firstSeen = new Map<string, number>();
    snapshots.forEach((s, index) => {
      for (const stage of s.stages) if (!firstSeen.has(stage)) firstSeen.set(stage, index);
    });
    const working = [...firstSeen].filter(([stage]) => stage.startsWith('working: '));
    assert.equal(working.length >= 2, true, JSON.stringify([...firstSeen]));
    assert.equal(
      working.every(([, index]) => index < firstResult),
      true,
      JSON.stringify(snapshots),
    );
    assert.equal(new Set(working.map(([, index]) => index)).size, working.length, JSON.stringify(snapshots));
    const stages = await stagesOf(call);
    assert.equal(stages[0], 'working: Gathering sources...');
    assert.match(stages.at(-1) ?? '', /^completed: /);
    // The statuses the badge took, in order: working first, completed last, nothing after.
    const statuses = snapshots.map((s) => s.status).filter((s, i, all) => s !== all[i - 1] && s !== '');
    assert.equal(statuses.at(-1), 'completed', statuses.join());
    assert.equal(statuses.includes('working'), true, statuses.join());
  });

  it('asks the question of an ambiguous task as a form, sends the answer, and the result names it', async () => {
    const topic = '<img src="x" onerror="window.pwned = 1"><script>window.pwned = 2</script>';
    await fillTool(TOOL, { topic });
    await page.locator(`details[data-tool="${TOOL}"] [name="ambiguous"]`).check();
    const call = await runTask();
    const form = card(call).locator('form.elicitation');
    await form.waitFor(WAIT);
    assert.equal(await card(call).getAttribute('data-status'), 'input_required');
    const message = (await form.locator('.elicitation-message').textContent()) ?? '';
    assert.equal(message.includes(`The research query "${topic}" could have multiple interpretations`), true);
    // The question's schema as a field: its title, and its oneOf choices by title.
    assert.match((await form.locator('.field-name').textContent()) ?? '', /Clarification/);
    const choices = await form.locator('select[name="interpretation"] option').allTextContents();
    assert.deepEqual(
      choices.map((c) => c.trim()),
      ['—', 'Technical/scientific perspective', 'Historical perspective', 'Current events/news perspective'],
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(OUTPUT_DIR, 'page-task-question.png'), fullPage: true });
    // Submitting without the required choice is refused on the page; nothing is sent.
    await form.locator('button[type="submit"]').click();
    assert.match((await form.locator('.form-problem').textContent()) ?? '', /interpretation is required/);

    await form.locator('select[name="interpretation"]').selectOption('historical');
    await form.locator('button[type="submit"]').click();
    const answer = await eventMatching(
      demo,
      (e): e is ToServer =>
        e.type === 'toServer' &&
        e.message.method === undefined &&
        JSON.stringify(answerOf(e.message.result)) ===
          JSON.stringify({ action: 'accept', content: { interpretation: 'historical' } }),
    );
    assert.equal(answer.connection, server.connection);
    // An answer given during input_required names its task (2025-11-25's related-task _meta).
    const related = (answer.message.result as { _meta?: Record<string, { taskId?: unknown }> })._meta?.[
      'io.modelcontextprotocol/related-task'
    ];
    assert.equal(typeof related?.taskId, 'string');
    await card(call).and(page.locator('[data-state="done"]')).waitFor(WAIT);
    assert.equal(await card(call).locator('form.elicitation').count(), 0);
    const result = (await card(call).locator('.result-text').textContent()) ?? '';
    assert.equal(result.startsWith(`# Research Report: ${topic} (historical)`), true, result);
    assert.match(result, /\*\*Clarification\*\*: historical/);
    const stages = await stagesOf(call);
    assert.equal(
      stages.includes(
        `input_required: Found multiple interpretations for "${topic}". Requesting clarification...`,
      ),
      true,
      stages.join(' | '),
    );
    assert.equal(
      stages.some((s) => s.includes('Continuing with interpretation: "historical"')),
      true,
    );
    // The markup came back in a status message, the question and the result: all of it text.
    assert.equal(
      stages.some((s) => s.includes(topic)),
      true,
    );
    assert.equal(await card(call).locator('img, script').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
  });

  it('cancels one of two running tasks: tasks/cancel reaches the server, the card shows its cancelled, the other completes', async () => {
    await page.locator(`details[data-tool="${TOOL}"] [name="ambiguous"]`).uncheck();
    await fillTool(TOOL, { topic: 'keeps going' });
    const other = await runTask();
    await fillTool(TOOL, { topic: 'to be cancelled' });
    const call = await runTask();
    assert.notEqual(call, other);
    await card(call).and(page.locator('[data-status="working"]')).locator('button.cancel').waitFor(WAIT);
    const taskId = (await card(call).getAttribute('data-task-id')) ?? '';
    assert.notEqual(taskId, '');
    await card(call).locator('button.cancel').click();
    const cancel = await eventMatching(
      demo,
      sent('tasks/cancel', (params) => params['taskId'] === taskId),
    );
    assert.equal(cancel.connection, server.connection);
    await card(call).and(page.locator('[data-state="cancelled"]')).waitFor(WAIT);
    assert.equal((await card(call).locator('.badge').textContent())?.trim(), 'cancelled');
    const stages = await stagesOf(call);
    assert.match(stages.at(-1) ?? '', /^cancelled: /);
    assert.equal(await card(call).locator('.result').count(), 0);
    assert.equal(await card(call).locator('button.cancel').count(), 0);
    // The server's own word, after the cancel: the task's next tasks/get answers `cancelled`.
    const polls = new Set<unknown>();
    const answered = await eventMatching(demo, (e): e is ToPage => {
      if (
        e.type === 'toServer' &&
        e.message.method === 'tasks/get' &&
        taskIdOf(e.message.params) === taskId
      ) {
        polls.add(e.message.id);
      }
      return (
        e.type === 'toPage' &&
        polls.has(e.message.id) &&
        (e.message.result as { status?: unknown } | undefined)?.status === 'cancelled'
      );
    });
    assert.equal(answered.connection, server.connection);
    // Asked once: the card let the task's own poll end it, rather than unsubscribing (a second cancel).
    assert.equal(demo.seen.filter(sent('tasks/cancel', (params) => params['taskId'] === taskId)).length, 1);
    // The other task, on the same session, was not touched.
    await card(other).and(page.locator('[data-state="done"]')).waitFor(WAIT);
    assert.match(
      (await card(other).locator('.result-text').textContent()) ?? '',
      /^# Research Report: keeps going/,
    );
    assert.equal(
      (await stagesOf(other)).some((stage) => stage.startsWith('cancelled')),
      false,
    );
    assert.equal(demo.seen.filter(sent('tasks/cancel')).length, 1);
  });

  it('shows a question outside any task above the calls, and sends the answer (decline)', async () => {
    await page.locator('details[data-tool="trigger-elicitation-request"] summary').click();
    await page.locator('details[data-tool="trigger-elicitation-request"] button[type="submit"]').click();
    const form = page.locator('.questions form.elicitation');
    await form.waitFor(WAIT);
    assert.notEqual(((await form.locator('.elicitation-message').textContent()) ?? '').trim(), '');
    assert.equal((await form.locator('mcp-field-input').count()) > 0, true);
    await form.locator('button', { hasText: 'Decline' }).click();
    await eventMatching(
      demo,
      (e): e is ToServer =>
        e.type === 'toServer' &&
        e.message.method === undefined &&
        JSON.stringify(e.message.result) === JSON.stringify({ action: 'decline' }),
    );
    const done = page.locator('.call[data-tool="trigger-elicitation-request"][data-state="done"]');
    await done.waitFor(WAIT);
    assert.match((await done.locator('.result').textContent()) ?? '', /declin/i);
    assert.equal(await page.locator('.questions').count(), 0);
  });

  it('closes the page: the relay ends the server, whose whole process tree is gone', async () => {
    const tree = [server.pid, ...descendantsOf(server.pid)];
    await page.close();
    await eventMatching(demo, (e): e is McpRelayEvent => e.type === 'serverExited' && e.pid === server.pid);
    assert.deepEqual(await waitUntilGone(tree, 10_000), []);
  });
});
