/**
 * docs/apps.md's example on a host of two fake servers: the tool's view gets the call's input and
 * result, calls its server's app-only tool through the host, cannot reach the other server's tool
 * or a model-only one, and its link needs the app's consent.
 */
import { mcpHost } from '../../lib/host/index.js';
import type { McpAppViewEvent } from '../../lib/apps/index.js';
import { fakeAppFrame, until } from '../apps/fakeAppFrame.js';
import { fakeFleet, tool } from '../host/fakeFleet.js';
import { callWithView } from './appsView.example.js';

const uri = 'ui://monitor/view.html';
const show = { ...tool('show'), _meta: { ui: { resourceUri: uri } } };

/** Two fake servers, the monitor with a view, an app-only and a model-only tool. */
function monitorFleet() {
  return fakeFleet((name) =>
    name === 'monitor'
      ? {
          tools: [
            show,
            { ...tool('poll'), _meta: { ui: { visibility: ['app'] } } },
            { ...tool('secret'), _meta: { ui: { visibility: ['model'] } } },
          ],
          script: {
            'resources/read': () => ({
              contents: [{ uri, mimeType: 'text/html;profile=mcp-app', text: '<p>view</p>' }],
            }),
          },
        }
      : {},
  );
}

describe('docs/apps.md', () => {
  it('shows a tool’s view, fed by the host’s call, its requests routed to its own server only', async () => {
    const servers = monitorFleet();
    const host = mcpHost(
      { mcpServers: { monitor: { command: 'm' }, everything: { command: 'e' } } },
      { connect: servers.connect },
    );
    const hold = host.subscribe();
    const { frame, frames } = fakeAppFrame();
    const events: McpAppViewEvent[] = [];
    const view = callWithView(host, 'monitor', show, { window: 60 }, frame).subscribe((event) =>
      events.push(event),
    );
    await until(() => frames[0]?.seen.length === 2, 'the view got the input and the result');
    expect(frames[0].seen).toEqual([
      'input {"window":60}',
      'result [{"type":"text","text":"monitor#1:show"}]',
    ]);
    expect(frames[0].app?.getHostContext()?.theme).toBe('dark');

    const app = frames[0].app;
    if (app === undefined) throw new Error('no view');
    const outcome = (promise: Promise<unknown>): Promise<string> =>
      promise.then(
        (value) => JSON.stringify(value),
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
    const answers = await Promise.all([
      outcome(app.callServerTool({ name: 'poll', arguments: {} }).then((result) => result.content)),
      outcome(app.callServerTool({ name: 'secret', arguments: {} })),
      outcome(app.callServerTool({ name: 'everything_echo', arguments: {} })),
      outcome(app.openLink({ url: 'https://example.com' })),
      outcome(app.openLink({ url: 'file:///etc/passwd' })),
    ]);
    expect(answers).toEqual([
      '[{"type":"text","text":"monitor#1:poll"}]',
      expect.stringMatching(/secret of monitor is not for its views/),
      expect.stringMatching(/The server monitor has no tool named everything_echo/),
      '{}',
      expect.stringMatching(/Opening file:\/\/\/etc\/passwd was not allowed/),
    ]);
    expect(servers.starts.get('everything')?.[0].count('tools/call')).toBe(0);
    expect(events.filter((event) => event.type === 'refused')).toHaveLength(3);

    view.unsubscribe();
    await until(() => frames[0].removed, 'the view is torn down and removed');
    expect(frames[0].seen.at(-1)).toBe('teardown');
    hold.unsubscribe();
  });

  it('closes a view that asks to be closed, and only that one', async () => {
    const servers = monitorFleet();
    const host = mcpHost({ mcpServers: { monitor: { command: 'm' } } }, { connect: servers.connect });
    const hold = host.subscribe();
    const { frame, frames } = fakeAppFrame();
    const ends = [false, false];
    const views = [0, 1].map((index) =>
      callWithView(host, 'monitor', show, { index }, frame).subscribe({
        complete: () => (ends[index] = true),
      }),
    );
    await until(
      () => frames.length === 2 && frames.every((mounted) => mounted.seen.length === 2),
      'both views fed',
    );
    void frames[1].app?.requestTeardown();
    await until(() => frames[1].removed, 'the view that asked is torn down and removed');
    expect(ends).toEqual([false, true]);
    expect(frames[1].seen.at(-1)).toBe('teardown');
    expect(frames[0].removed).toBe(false);
    views[0].unsubscribe();
    await until(() => frames[0].removed, 'the other one, once unsubscribed');
    expect(views[1].closed).toBe(true);
    hold.unsubscribe();
  });
});
