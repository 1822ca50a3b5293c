/**
 * MCP Apps visibility in the host (virtual time): the catalog a model gets leaves out the tools
 * only views may call, `callTool()` refuses them by name, and `appServer(server)` (a view's path)
 * reaches them on that server only, while refusing model-only tools and other servers' tools.
 */
import { lastValueFrom, map, toArray } from 'rxjs';
import { mcpHost, McpHostError } from '../../lib/host/index.js';
import type { CallToolResult, McpRequestEvent, Tool } from '../../lib/session/index.js';
import { newTestScheduler } from '../support/marbles.js';
import { fakeFleet, tool } from './fakeFleet.js';

const withVisibility = (name: string, visibility: string[]): Tool => ({
  ...tool(name),
  _meta: { ui: { visibility } },
});
const text = (event: McpRequestEvent<CallToolResult>): string =>
  event.type === 'result' ? (event.result.content[0] as { text: string }).text : 'progress';
const outcomeOf = (error: unknown): string =>
  error instanceof McpHostError ? `${error.reason}: ${error.message}` : `other: ${String(error)}`;

/** A monitor server with a view tool, an app-only poller and a model-only tool; and a plain one. */
function fleet() {
  return fakeFleet((name) =>
    name === 'monitor'
      ? {
          tools: [
            { ...tool('get-info'), _meta: { ui: { resourceUri: 'ui://monitor/view.html' } } },
            withVisibility('poll', ['app']),
            withVisibility('secret', ['model']),
          ],
          script: {
            'resources/read': (params) => ({
              contents: [
                { uri: String(params.uri), mimeType: 'text/html;profile=mcp-app', text: '<p>view</p>' },
              ],
            }),
          },
        }
      : {},
  );
}

describe('mcpHost and MCP Apps visibility (virtual time)', () => {
  it('leaves app-only tools out of the catalog, and keeps them in their server’s tools', async () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      const servers = fleet();
      const host = mcpHost(
        { mcpServers: { monitor: { command: 'm' }, everything: { command: 'e' } } },
        { connect: servers.connect },
      );
      let catalog: string[] = [];
      let monitorTools: string[] = [];
      const subscription = host.subscribe((state) => {
        catalog = state.tools.map((entry) => entry.name);
        monitorTools = state.servers.monitor.tools.map((entry) => entry.name);
      });
      flush();
      expect(catalog).toEqual(['monitor_get-info', 'monitor_secret', 'everything_echo']);
      expect(monitorTools).toEqual(['get-info', 'poll', 'secret']);
      subscription.unsubscribe();
    });
  });

  it('refuses an app-only tool on the model’s path, and reaches it on its own server’s view path', async () => {
    const scheduler = newTestScheduler();
    await scheduler.run(async ({ flush }) => {
      const servers = fleet();
      const host = mcpHost(
        { mcpServers: { monitor: { command: 'm' }, everything: { command: 'e' } } },
        { connect: servers.connect },
      );
      // The app's own subscription holds the servers between calls.
      const hold = host.subscribe();
      const settle = <T>(source: Promise<T>): Promise<T | string> => source.catch(outcomeOf);
      const results = {
        // The model's path.
        model: settle(lastValueFrom(host.callTool('monitor_poll').pipe(map(text)))),
        modelSecret: settle(lastValueFrom(host.callTool('monitor_secret').pipe(map(text)))),
        // The monitor's views.
        view: settle(lastValueFrom(host.appServer('monitor').callTool('poll').pipe(map(text)))),
        viewDefault: settle(lastValueFrom(host.appServer('monitor').callTool('get-info').pipe(map(text)))),
        viewSecret: settle(lastValueFrom(host.appServer('monitor').callTool('secret').pipe(map(text)))),
        viewOther: settle(lastValueFrom(host.appServer('monitor').callTool('echo').pipe(map(text)))),
        viewQualified: settle(
          lastValueFrom(host.appServer('monitor').callTool('everything_echo').pipe(map(text))),
        ),
        nobody: settle(lastValueFrom(host.appServer('nobody').callTool('poll').pipe(map(text)))),
        read: settle(
          lastValueFrom(
            host
              .appServer('monitor')
              .readResource('ui://monitor/view.html')
              .pipe(map((result) => (result.contents[0] as { text: string }).text)),
          ),
        ),
      };
      scheduler.schedule(() => hold.unsubscribe(), 1000);
      flush();
      expect(await Promise.all(Object.values(results))).toEqual([
        'app-only: The tool monitor_poll is for the views of monitor only (its visibility leaves out "model")',
        'monitor#1:secret',
        'monitor#1:poll',
        'monitor#1:get-info',
        'not-for-apps: The tool secret of monitor is not for its views (its visibility leaves out "app")',
        'unknown-tool: The server monitor has no tool named echo',
        'unknown-tool: The server monitor has no tool named everything_echo',
        'server-unavailable: This host has no server named nobody',
        '<p>view</p>',
      ]);
      // Only the allowed calls reached a server, and only the monitor.
      const calls = servers.starts
        .get('monitor')?.[0]
        .received.filter((m) => m.method === 'tools/call')
        .map((m) => (m.params as { name: string }).name);
      expect(calls?.sort()).toEqual(['get-info', 'poll', 'secret']);
      expect(servers.starts.get('everything')?.[0].count('tools/call')).toBe(0);
    });
  });

  it('waits for a starting server on the view path too, and follows its live tools', async () => {
    const scheduler = newTestScheduler();
    await scheduler.run(async ({ flush }) => {
      const servers = fakeFleet((_, start) =>
        start === 1 ? { crashAfter: 5, tools: [tool('old')] } : { tools: [withVisibility('poll', ['app'])] },
      );
      const host = mcpHost(
        { mcpServers: { monitor: { command: 'm' } } },
        { connect: servers.connect, restart: { initialDelay: 100, jitter: 0 } },
      );
      const seen: string[] = [];
      const tools = host
        .appServer('monitor')
        .tools$.subscribe((list) => seen.push(`${scheduler.now()} ${list.map((t) => t.name).join(',')}`));
      // Asked while the server restarts (its first start crashed at 5): the call waits for it.
      let call: Promise<string[]> = Promise.resolve([]);
      scheduler.schedule(() => {
        call = lastValueFrom(host.appServer('monitor').callTool('poll').pipe(map(text), toArray()));
      }, 50);
      scheduler.schedule(() => tools.unsubscribe(), 1000);
      flush();
      expect(await call).toEqual(['monitor#2:poll']);
      expect(seen).toEqual(['0 old', '5 ', '105 poll']);
    });
  });
});
