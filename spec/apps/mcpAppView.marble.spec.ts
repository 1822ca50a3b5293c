/**
 * The lifecycle of a view in virtual time, against the fake MCP server and ext-apps' own
 * view-side `App` behind a fake frame: mount, `ui/initialize`, the call fed to the view, the
 * view's requests routed (and refused) by visibility and consent, a flood bounded, and teardown
 * bounded by its timeout on the scheduler.
 */
import {
  BehaviorSubject,
  firstValueFrom,
  NEVER,
  of,
  Subject,
  takeWhile,
  throwError,
  type Observable,
  type Subscription,
} from 'rxjs';
import type { McpUiHostContext } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { TestScheduler } from 'rxjs/testing';
import type { Tool } from '../../lib/session/index.js';
import {
  McpAppError,
  mcpAppView,
  sessionAppServer,
  type McpAppViewEvent,
  type McpAppViewOptions,
} from '../../lib/apps/index.js';
import {
  mcpSession,
  type CallToolResult,
  type McpRequestEvent,
  type McpSession,
} from '../../lib/session/index.js';
import { fakeMcpServer, type FakeMcpServer } from '../../lib/testing/index.js';
import { advance, newTestScheduler } from '../support/marbles.js';
import { fakeAppFrame, until } from './fakeAppFrame.js';

const VIEW_URI = 'ui://monitor/view.html';
const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });

/** A monitor: a tool with a view, an app-only poller, a model-only tool, a slow app tool, the view. */
function monitorServer(): FakeMcpServer {
  let polls = 0;
  return fakeMcpServer({
    tools: [
      {
        name: 'show',
        inputSchema: { type: 'object' },
        _meta: { ui: { resourceUri: VIEW_URI } },
        call: () => text('shown'),
      },
      {
        name: 'poll',
        inputSchema: { type: 'object' },
        _meta: { ui: { visibility: ['app'] } },
        call: () => text(`poll ${(polls += 1)}`),
      },
      {
        name: 'secret',
        inputSchema: { type: 'object' },
        _meta: { ui: { visibility: ['model'] } },
        call: () => text('secret'),
      },
      {
        name: 'slow',
        inputSchema: { type: 'object' },
        _meta: { ui: { visibility: ['app'] } },
        call: () => NEVER,
      },
    ],
    resources: [
      {
        uri: VIEW_URI,
        name: 'view',
        mimeType: 'text/html;profile=mcp-app',
        read: () => ({
          contents: [
            {
              uri: VIEW_URI,
              mimeType: 'text/html;profile=mcp-app',
              text: '<!DOCTYPE html><p>view</p>',
              _meta: {
                ui: {
                  csp: { connectDomains: ['https://api.example.com', "'unsafe-eval'"] },
                  permissions: { clipboardWrite: {} },
                },
              },
            },
          ],
        }),
      },
    ],
  });
}

interface Rig {
  scheduler: TestScheduler;
  server: FakeMcpServer;
  session: McpSession;
  hold: Subscription;
  /** Advances virtual time by `ms` and lets the promises of the bridge and the view run. */
  step(ms?: number): Promise<void>;
  /** Waits (bounded) for a condition, moving virtual time by 0 between turns. */
  wait(done: () => boolean, what: string): Promise<void>;
}

async function rig(): Promise<Rig> {
  const scheduler = newTestScheduler();
  const server = monitorServer();
  let session: McpSession | undefined;
  const hold = mcpSession(server.transport, { scheduler }).subscribe((ready) => (session = ready));
  const wait = (done: () => boolean, what: string): Promise<void> => until(done, what, scheduler);
  await wait(() => session !== undefined, 'the session is ready');
  return {
    scheduler,
    server,
    session: session as McpSession,
    hold,
    wait,
    step: async (ms = 0) => {
      advance(scheduler, ms);
      for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/** The tool `show`, as the session lists it. */
async function showTool(session: McpSession): Promise<Tool> {
  const tools = await firstValueFrom(session.tools$);
  const tool = tools.find((entry) => entry.name === 'show');
  if (tool === undefined) throw new Error('no tool show');
  return tool;
}

/** Mounts a view and records its events. */
function mount(options: McpAppViewOptions): {
  events: McpAppViewEvent[];
  errors: unknown[];
  subscription: Subscription;
} {
  const events: McpAppViewEvent[] = [];
  const errors: unknown[] = [];
  const subscription = mcpAppView(options).subscribe({
    next: (event) => events.push(event),
    error: (error: unknown) => errors.push(error),
  });
  return { events, errors, subscription };
}

/** What a view's rejected request says. */
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const types = (events: McpAppViewEvent[]): string[] => events.map((event) => event.type);
const refusals = (events: McpAppViewEvent[]): string[] =>
  events.flatMap((event) => (event.type === 'refused' ? [`${event.refusal}: ${event.detail}`] : []));

/**
 * The `show` view of the rig's session on a fake frame (`fakeView` says how the view behaves),
 * mounted and initialized: the view's events, its frame and ext-apps' App inside it.
 */
async function initializedView(
  r: Rig,
  options: Partial<McpAppViewOptions> = {},
  fakeView: Parameters<typeof fakeAppFrame>[0] = {},
) {
  const tool = await showTool(r.session);
  const { frame, frames } = fakeAppFrame(fakeView);
  const view = mount({
    tool,
    server: sessionAppServer(r.session),
    frame,
    scheduler: r.scheduler,
    ...options,
  });
  await r.wait(() => types(view.events).includes('initialized'), 'the view initialized');
  const [mounted] = frames;
  const app = mounted?.app;
  if (mounted === undefined || app === undefined) throw new Error('no view');
  return { view, mounted, app };
}

describe('mcpAppView (virtual time, fake server, ext-apps App as the view)', () => {
  it('mounts the view under its policy, initializes it with the host context, and feeds it the call', async () => {
    const r = await rig();
    const tool = await showTool(r.session);
    const { frame, frames } = fakeAppFrame();
    const call$ = new Subject<McpRequestEvent<CallToolResult>>();
    const partial$ = new Subject<Record<string, unknown>>();
    const view = mount({
      tool,
      server: sessionAppServer(r.session, 'monitor'),
      frame,
      scheduler: r.scheduler,
      hostContext: { theme: 'dark', displayMode: 'inline' },
      call: { arguments: { window: 60 }, partialArguments$: partial$, events$: call$ },
    });
    await r.wait(() => types(view.events).includes('initialized'), 'the view initialized');
    const [mounted] = frames;
    // The proxy got the HTML with the policy first, after the doctype, and the permission as `allow`.
    expect(mounted.html).toMatch(
      /^<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; /,
    );
    expect(mounted.html).toContain('connect-src https://api.example.com;');
    expect(mounted.html).not.toContain('unsafe-eval');
    expect(mounted.request.allow).toBe('clipboard-write');
    expect(refusals(view.events)).toEqual([`csp: The source 'unsafe-eval' of _meta.ui.csp is not an origin`]);
    // ui/initialize gave the view the host context, with the tool.
    const context = mounted.app?.getHostContext();
    expect(context?.theme).toBe('dark');
    expect(context?.toolInfo?.tool.name).toBe('show');
    expect(mounted.app?.getHostCapabilities()?.serverTools).toEqual({});
    expect(mounted.app?.getHostCapabilities()?.openLinks).toBeUndefined();

    partial$.next({ window: 6 });
    call$.next({ type: 'progress', progress: 1 });
    call$.next({ type: 'result', result: text('shown') });
    await r.wait(() => mounted.seen.length >= 3, 'the view saw input, partial input and result');
    expect(mounted.seen).toEqual([
      'input {"window":60}',
      'partial {"window":6}',
      'result [{"type":"text","text":"shown"}]',
    ]);
    view.subscription.unsubscribe();
    r.hold.unsubscribe();
  });

  it('routes the view’s calls to app tools of its server, and refuses model-only and unknown tools, links and messages without consent', async () => {
    const r = await rig();
    const tool = await showTool(r.session);
    const { frame, frames } = fakeAppFrame();
    const links: string[] = [];
    const view = mount({
      tool,
      server: sessionAppServer(r.session, 'monitor'),
      frame,
      scheduler: r.scheduler,
      openLink: (url) => {
        links.push(url);
        return url.startsWith('https://');
      },
    });
    await r.wait(() => types(view.events).includes('initialized'), 'the view initialized');
    const app = frames[0].app;
    if (app === undefined) throw new Error('no view');
    const settle = <T>(promise: Promise<T>): Promise<T | string> =>
      promise.catch((error: unknown) => `error: ${errorText(error)}`);
    const outcomes = [
      settle(
        app.callServerTool({ name: 'poll', arguments: {} }).then((result) => JSON.stringify(result.content)),
      ),
      settle(
        app.callServerTool({ name: 'show', arguments: {} }).then((result) => JSON.stringify(result.content)),
      ),
      settle(app.callServerTool({ name: 'secret', arguments: {} }).then(() => 'called')),
      settle(app.callServerTool({ name: 'everything_echo', arguments: {} }).then(() => 'called')),
      settle(app.readServerResource({ uri: VIEW_URI }).then((result) => result.contents[0].uri)),
      settle(app.openLink({ url: 'https://example.com' }).then(() => 'opened')),
      settle(app.openLink({ url: 'javascript:alert(1)' }).then(() => 'opened')),
      settle(app.sendMessage({ role: 'user', content: [{ type: 'text', text: 'hi' }] }).then(() => 'sent')),
      settle(app.updateModelContext({ structuredContent: { cpu: 0.5 } }).then(() => 'updated')),
    ];
    void app.sendLog({ level: 'warning', data: 'low disk', logger: 'monitor' });
    void app.sendSizeChanged({ width: 300, height: 200 });
    let settled: unknown[] | undefined;
    void Promise.all(outcomes).then((all) => (settled = all));
    await r.wait(() => settled !== undefined, 'every request of the view was answered');
    expect(settled).toEqual([
      '[{"type":"text","text":"poll 1"}]',
      '[{"type":"text","text":"shown"}]',
      expect.stringMatching(/^error: .*secret of monitor is not for its views/),
      expect.stringMatching(/^error: .*no tool named everything_echo/),
      VIEW_URI,
      'opened',
      expect.stringMatching(/^error: .*Opening javascript:alert\(1\) was not allowed/),
      expect.stringMatching(/^error: .*The message was not taken/),
      expect.stringMatching(/^error: .*The model context was not taken/),
    ]);
    expect(frames[0].app?.getHostCapabilities()?.updateModelContext).toBeUndefined();
    expect(links).toEqual(['https://example.com', 'javascript:alert(1)']);
    // Only the allowed calls reached the server.
    const called = r.server.received
      .filter((message) => message.method === 'tools/call')
      .map((message) => (message.params as { name: string }).name);
    expect(called).toEqual(['poll', 'show']);
    await r.wait(
      () => types(view.events).includes('size') && types(view.events).includes('log'),
      'size and log',
    );
    expect(view.events.filter((event) => ['tool-call', 'size', 'log'].includes(event.type))).toEqual(
      expect.arrayContaining([
        { type: 'tool-call', name: 'poll', ok: true },
        { type: 'tool-call', name: 'show', ok: true },
        { type: 'size', width: 300, height: 200 },
        { type: 'log', level: 'warning', data: 'low disk', logger: 'monitor' },
      ]),
    );
    expect(frames[0].sizes).toEqual([{ width: 300, height: 200 }]);
    // Each refusal is shown to the app, in the order the host answered.
    expect(
      refusals(view.events)
        .filter((entry) => !entry.startsWith('csp'))
        .sort(),
    ).toEqual([
      'message: The message was not taken',
      'model-context: The model context was not taken',
      'open-link: Opening javascript:alert(1) was not allowed',
      expect.stringMatching(/^tool: everything_echo: /),
      expect.stringMatching(/^tool: secret: /),
    ]);
    view.subscription.unsubscribe();
    r.hold.unsubscribe();
  });

  it('bounds a flood: requests beyond maxPendingRequests fail at once, and the view and host go on', async () => {
    const r = await rig();
    const { view, app } = await initializedView(r, { maxPendingRequests: 3 });
    const flood = Array.from({ length: 50 }, () =>
      app.callServerTool({ name: 'slow', arguments: {} }).then(() => 'answered', errorText),
    );
    const refusedFlood = (): number =>
      refusals(view.events).filter((entry) => entry.startsWith('flood')).length;
    await r.wait(() => refusedFlood() === 47, '47 refusals');
    // Each shown once, as a flood (not a second time as a failed call).
    expect(refusals(view.events).filter((entry) => entry.startsWith('tool'))).toEqual([]);
    // The three in flight reached the server; the rest never did.
    expect(r.server.count('tools/call')).toBe(3);
    // The host still answers the view once slots free up... they never do here (slow never
    // answers), so the view's next request is refused too, and the host's own calls still work.
    let own: string | undefined;
    r.session.callTool('poll').subscribe((event) => {
      if (event.type === 'result') own = JSON.stringify(event.result.content);
    });
    await r.wait(() => own !== undefined, 'the host’s own call');
    expect(own).toBe('[{"type":"text","text":"poll 1"}]');
    // Teardown cancels the three in flight on the server.
    view.subscription.unsubscribe();
    await r.step(1000);
    const answers = await Promise.all(flood);
    expect(answers.filter((answer) => answer.includes('More than 3 requests'))).toHaveLength(47);
    expect(r.server.count('notifications/cancelled')).toBe(3);
    r.hold.unsubscribe();
  });

  it('tears down: refuses requests at once, sends ui/resource-teardown, removes the frame on the answer', async () => {
    const r = await rig();
    const { view, mounted, app } = await initializedView(r, { teardownTimeout: 500 });
    view.subscription.unsubscribe();
    const late = app.callServerTool({ name: 'poll', arguments: {} }).then(() => 'called', errorText);
    await r.wait(() => mounted.removed, 'the frame is removed');
    // Removed on the view's answer, before the timeout: virtual time did not move.
    expect(r.scheduler.now()).toBe(0);
    expect(mounted.seen).toEqual(['teardown']);
    expect(await late).toMatch(/torn down|closed|not connected/i);
    expect(r.server.count('tools/call')).toBe(0);
    r.hold.unsubscribe();
  });

  it('tears down a view that never answers after teardownTimeout on the scheduler, and not before', async () => {
    const r = await rig();
    const { view, mounted } = await initializedView(r, { teardownTimeout: 500 }, { answersTeardown: false });
    view.subscription.unsubscribe();
    await r.wait(() => mounted.seen.includes('teardown'), 'the view got ui/resource-teardown');
    await r.step(499);
    expect(mounted.removed).toBe(false);
    await r.step(1);
    expect(mounted.removed).toBe(true);
    r.hold.unsubscribe();
  });

  it('removes a view that never initialized at once, and fails for a tool without a view or a resource that is no app', async () => {
    const r = await rig();
    const tool = await showTool(r.session);
    const { frame, frames } = fakeAppFrame({ connects: false });
    const view = mount({ tool, server: sessionAppServer(r.session), frame, scheduler: r.scheduler });
    await r.wait(() => frames[0]?.app !== undefined, 'the proxy made the view');
    view.subscription.unsubscribe();
    expect(frames[0].removed).toBe(true);

    const none = mount({
      tool: { name: 'poll', inputSchema: { type: 'object' } },
      server: sessionAppServer(r.session),
      frame,
    });
    expect(none.errors).toEqual([expect.any(McpAppError)]);
    expect((none.errors[0] as McpAppError).reason).toBe('no-view');

    const notApp = mount({
      tool: { name: 'x', inputSchema: { type: 'object' }, _meta: { ui: { resourceUri: 'ui://nothing' } } },
      server: {
        name: 'plain',
        callTool: () => NEVER,
        readResource: (uri): Observable<never> => throwError(() => new Error(`cannot read ${uri}`)),
      },
      frame,
    });
    expect(notApp.errors).toEqual([new Error('cannot read ui://nothing')]);

    const wrongType = mount({
      tool,
      server: {
        name: 'plain',
        callTool: () => NEVER,
        readResource: (uri) => of({ contents: [{ uri, mimeType: 'text/html', text: '<p>not an app</p>' }] }),
      },
      frame,
    });
    expect(wrongType.errors).toEqual([expect.objectContaining({ reason: 'bad-view' })]);
    expect(frames).toHaveLength(1);
    r.hold.unsubscribe();
  });

  it('hands ui/update-model-context to modelContext in two views at once, in order, and refuses what it declines or what comes after teardown', async () => {
    const r = await rig();
    const taken: [number, unknown][] = [];
    const views = await Promise.all(
      [0, 1].map((index) =>
        initializedView(r, {
          modelContext: ({ content, structuredContent }) => {
            taken.push([index, structuredContent ?? content]);
            return structuredContent?.['private'] !== true;
          },
        }),
      ),
    );
    const answer = (promise: Promise<unknown>): Promise<string> => promise.then(() => 'taken', errorText);
    expect(views.map(({ app }) => app.getHostCapabilities()?.updateModelContext)).toEqual([
      { text: {}, structuredContent: {} },
      { text: {}, structuredContent: {} },
    ]);
    const [first, second] = views;
    const answers = await Promise.all([
      answer(first.app.updateModelContext({ content: [{ type: 'text', text: 'cpu 50 %' }] })),
      answer(second.app.updateModelContext({ structuredContent: { cpu: 0.2 } })),
      answer(first.app.updateModelContext({ structuredContent: { cpu: 0.6 } })),
      answer(second.app.updateModelContext({ structuredContent: { private: true } })),
    ]);
    expect(answers).toEqual([
      'taken',
      'taken',
      'taken',
      expect.stringMatching(/model context was not taken/),
    ]);
    // Each view's updates reach the callback in the order it sent them.
    expect(taken.filter(([index]) => index === 0).map(([, context]) => context)).toEqual([
      [{ type: 'text', text: 'cpu 50 %' }],
      { cpu: 0.6 },
    ]);
    expect(taken.filter(([index]) => index === 1).map(([, context]) => context)).toEqual([
      { cpu: 0.2 },
      { private: true },
    ]);
    expect(
      views.map(({ view }) => refusals(view.events).filter((entry) => !entry.startsWith('csp'))),
    ).toEqual([[], ['model-context: The model context was not taken']]);
    // From the moment of teardown, an update is refused without asking the app.
    first.view.subscription.unsubscribe();
    expect(await answer(first.app.updateModelContext({ structuredContent: { cpu: 0.9 } }))).toMatch(
      /not taken|torn down|not connected/i,
    );
    expect(taken).toHaveLength(4);
    second.view.subscription.unsubscribe();
    await r.step(500);
    expect(views.map(({ mounted }) => mounted.removed)).toEqual([true, true]);
    r.hold.unsubscribe();
  });

  it('passes a view’s request to be closed on as an event, and leaves closing to the app: one app closes its view on it, another keeps its own', async () => {
    const r = await rig();
    const tool = await showTool(r.session);
    const { frame, frames } = fakeAppFrame();
    const server = sessionAppServer(r.session);
    // The first app closes its view when asked, the RxJS way; the second one keeps it.
    const closedEvents: McpAppViewEvent[] = [];
    let completed = false;
    mcpAppView({ tool, server, frame, scheduler: r.scheduler })
      .pipe(takeWhile((event) => event.type !== 'teardown-requested', true))
      .subscribe({ next: (event) => closedEvents.push(event), complete: () => (completed = true) });
    const kept = mount({ tool, server, frame, scheduler: r.scheduler });
    await r.wait(
      () => types(closedEvents).includes('initialized') && types(kept.events).includes('initialized'),
      'both views initialized',
    );
    const [closed, keptFrame] = frames;
    if (closed?.app === undefined || keptFrame?.app === undefined) throw new Error('no views');
    void closed.app.requestTeardown();
    void keptFrame.app.requestTeardown();
    await r.wait(() => closed.removed, 'the view whose app closed it is removed');
    expect(completed).toBe(true);
    expect(types(closedEvents).at(-1)).toBe('teardown-requested');
    expect(closed.seen).toEqual(['teardown']);
    await r.wait(() => types(kept.events).includes('teardown-requested'), 'the kept view’s request');
    // Kept: still mounted, still answering the view.
    expect(keptFrame.removed).toBe(false);
    expect(keptFrame.seen).toEqual([]);
    let polled: string | undefined;
    void keptFrame.app
      .callServerTool({ name: 'poll', arguments: {} })
      .then((result) => (polled = JSON.stringify(result.content)));
    await r.wait(() => polled !== undefined, 'the kept view’s call');
    expect(polled).toBe('[{"type":"text","text":"poll 1"}]');
    kept.subscription.unsubscribe();
    await r.step(500);
    expect(keptFrame.removed).toBe(true);
    r.hold.unsubscribe();
  });

  it('follows an Observable host context in two views at once: the latest at ui/initialize, each change after it; its error ends the views', async () => {
    const r = await rig();
    const tool = await showTool(r.session);
    const { frame, frames } = fakeAppFrame();
    const context$ = new BehaviorSubject<McpUiHostContext>({ theme: 'light', locale: 'en-GB' });
    const views = [0, 1].map(() =>
      mount({
        tool,
        server: sessionAppServer(r.session, 'monitor'),
        frame,
        hostContext: context$,
        scheduler: r.scheduler,
      }),
    );
    // Changed before either view initialized: ui/initialize carries it.
    context$.next({ theme: 'dark', locale: 'en-GB' });
    await r.wait(
      () => views.every((view) => types(view.events).includes('initialized')),
      'both views initialized',
    );
    const changes: unknown[][] = [[], []];
    frames.forEach((mounted, i) => {
      expect(mounted.app?.getHostContext()).toMatchObject({ theme: 'dark', locale: 'en-GB' });
      expect(mounted.app?.getHostContext()?.toolInfo?.tool.name).toBe('show');
      if (mounted.app !== undefined) mounted.app.onhostcontextchanged = (params) => changes[i]?.push(params);
    });
    context$.next({ theme: 'light', locale: 'en-GB' });
    context$.next({ theme: 'light', locale: 'en-GB' });
    context$.next({ theme: 'light', locale: 'fr-FR' });
    await r.wait(() => changes.every((seen) => seen.length === 2), 'both views saw both changes');
    // Only the fields that changed, once per change (the repeat sent nothing).
    expect(changes).toEqual([
      [{ theme: 'light' }, { locale: 'fr-FR' }],
      [{ theme: 'light' }, { locale: 'fr-FR' }],
    ]);
    expect(frames.map((mounted) => mounted.app?.getHostContext()?.locale)).toEqual(['fr-FR', 'fr-FR']);
    const failure = new Error('the theme service failed');
    context$.error(failure);
    expect(views.map((view) => view.errors)).toEqual([[failure], [failure]]);
    expect(context$.observed).toBe(false);
    await r.step(500);
    expect(frames.map((mounted) => mounted.removed)).toEqual([true, true]);
    r.hold.unsubscribe();
  });

  it('keeps two views of one session apart: each gets its own frame, calls and teardown', async () => {
    const r = await rig();
    const tool = await showTool(r.session);
    const { frame, frames } = fakeAppFrame();
    const server = sessionAppServer(r.session);
    const first = mount({ tool, server, frame, scheduler: r.scheduler, call: { arguments: { n: 1 } } });
    const second = mount({ tool, server, frame, scheduler: r.scheduler, call: { arguments: { n: 2 } } });
    await r.wait(
      () => types(first.events).includes('initialized') && types(second.events).includes('initialized'),
      'both views initialized',
    );
    await r.wait(() => frames.every((mounted) => mounted.seen.length === 1), 'both got their input');
    expect(frames.map((mounted) => mounted.seen)).toEqual([['input {"n":1}'], ['input {"n":2}']]);
    first.subscription.unsubscribe();
    await r.wait(() => frames[0].removed, 'the first view is removed');
    const app = frames[1].app;
    if (app === undefined) throw new Error('no view');
    let result: string | undefined;
    void app
      .callServerTool({ name: 'poll', arguments: {} })
      .then((answer) => (result = JSON.stringify(answer.content)));
    await r.wait(() => result !== undefined, 'the second view’s call');
    expect(result).toBe('[{"type":"text","text":"poll 1"}]');
    expect(frames[1].removed).toBe(false);
    expect(refusals(second.events).filter((entry) => !entry.startsWith('csp'))).toEqual([]);
    second.subscription.unsubscribe();
    r.hold.unsubscribe();
  });
});
