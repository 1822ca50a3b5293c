import { filter, lastValueFrom, map, Subject, tap, toArray } from 'rxjs';
import { mcpHost, McpHostError, qualifiedToolName, type McpHostConfig } from '../../lib/host/index.js';
import { sanitizeToolName, TOOL_NAME_PATTERN } from '../../lib/host/toolNames.js';
import type { CallToolResult, McpRequestEvent } from '../../lib/session/index.js';
import { fakeFleet, tool } from './fakeFleet.js';
import { newTestScheduler } from '../support/marbles.js';
import { record } from './hostHelpers.js';

const text = (event: McpRequestEvent<CallToolResult>): string =>
  event.type === 'result' ? (event.result.content[0] as { text: string }).text : `progress ${event.progress}`;
const errorText = (error: unknown): string =>
  error instanceof McpHostError ? `${error.reason}: ${error.message}` : String(error);

describe('tool names', () => {
  it('qualifies as server_tool and sanitizes to what model APIs accept', () => {
    expect(qualifiedToolName('memory', 'read_graph')).toBe('memory_read_graph');
    expect(qualifiedToolName('my server', 'get.sum', { separator: '__' })).toBe('my_server__get_sum');
    expect(qualifiedToolName('fs', 'read', { prefix: (s) => (s === 'fs' ? 'files' : s) })).toBe('files_read');
    expect(qualifiedToolName('fs', 'read', { prefix: () => '' })).toBe('read');
    expect(sanitizeToolName('é/ü')).toBe('___');
    expect(sanitizeToolName('')).toBe('_');
    const long = qualifiedToolName('s'.repeat(40), 't'.repeat(40));
    expect(long).toHaveLength(64);
    for (const name of [long, qualifiedToolName('a b', 'c:d'), sanitizeToolName('')]) {
      expect(name).toMatch(TOOL_NAME_PATTERN);
    }
  });
});

describe('mcpHost catalog and calls (virtual time)', () => {
  it('lists every ready server’s tools, follows list changes, and reports collisions instead of overwriting', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      let bxTools = [tool('c')];
      const fleet = fakeFleet((name) =>
        name === 'b.x'
          ? { script: { 'tools/list': () => ({ tools: bxTools }) } }
          : { tools: [tool('x.c'), tool('echo')] },
      );
      // 'b' tool 'x.c' → b_x_c, 'b.x' tool 'c' → b_x_c: a collision after sanitizing.
      const host = mcpHost(
        { mcpServers: { b: { command: 'b' }, 'b.x': { command: 'bx' } } },
        {
          connect: fleet.connect,
        },
      );
      const states: { tools: string[]; conflicts: unknown[] }[] = [];
      const subscription = host.subscribe((state) =>
        states.push({ tools: state.tools.map((t) => t.name), conflicts: [...state.conflicts] }),
      );
      flush();
      expect(states.at(-1)).toEqual({
        tools: ['b_echo'],
        conflicts: [
          {
            name: 'b_x_c',
            tools: [
              { server: 'b', tool: 'x.c' },
              { server: 'b.x', tool: 'c' },
            ],
          },
        ],
      });
      // The server changes its tools: the catalog follows, and the conflict is gone.
      bxTools = [tool('d')];
      fleet.starts.get('b.x')?.[0].notify('notifications/tools/list_changed');
      flush();
      expect(states.at(-1)).toEqual({ tools: ['b_x_c', 'b_echo', 'b_x_d'], conflicts: [] });
      subscription.unsubscribe();
    });
  });

  it('routes a call to the right server, with progress, and keeps the host up while it runs', async () => {
    const scheduler = newTestScheduler();
    await scheduler.run(async ({ flush, cold }) => {
      const fleet = fakeFleet((name) => ({
        script: {
          'tools/call': (params, context) =>
            cold('5ms p 5ms r', {
              p: null,
              r: { content: [{ type: 'text', text: `${name}:${String(params.name)}` }] },
            }).pipe(
              tap((answer) => {
                if (answer === null) context.progress(1, 2);
              }),
              filter((answer) => answer !== null),
            ),
        },
      }));
      const host = mcpHost(
        { mcpServers: { one: { command: 'x' }, two: { command: 'y' } } },
        {
          connect: fleet.connect,
        },
      );
      // Two calls at once, nobody else subscribed: the calls hold the host.
      const a = lastValueFrom(host.callTool('one_echo', { message: 'hi' }).pipe(map(text), toArray()));
      const b = lastValueFrom(host.callTool('two_echo').pipe(map(text), toArray()));
      flush();
      expect(await a).toEqual(['progress 1', 'one:echo']);
      expect(await b).toEqual(['progress 1', 'two:echo']);
      expect(
        (
          fleet.starts.get('one')?.[0].received.find((m) => m.method === 'tools/call')?.params as {
            arguments?: unknown;
          }
        )?.arguments,
      ).toEqual({
        message: 'hi',
      });
      // Both calls done: the host had no other subscriber, so its servers are shut down.
      expect(fleet.log).toEqual(['+one#1', '+two#1', '-one#1', '-two#1']);
    });
  });

  it('waits for a restarting server (bounded) and fails clearly otherwise', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      const fleet = fakeFleet((name, n) => {
        if (name === 'flaky') return n === 1 ? { crashAfter: 5 } : {};
        if (name === 'dead') return { crashAfter: 1, silent: true };
        if (name === 'slow') return { silent: true };
        return {};
      });
      const configs = new Subject<McpHostConfig>();
      const host = mcpHost(configs, {
        connect: fleet.connect,
        restart: { maxRestarts: 1, initialDelay: 1000, jitter: 0 },
        session: { requestTimeout: 100_000 },
        callReadyTimeout: 3000,
      });
      const { subscription } = record(scheduler, host);
      configs.next({
        mcpServers: {
          flaky: { command: 'f' },
          dead: { command: 'd' },
          slow: { command: 's' },
          off: { command: 'o', disabled: true },
        },
      });
      const outcomes: string[] = [];
      const call = (name: string, at: number): void => {
        scheduler.schedule(() => {
          host.callTool(name).subscribe({
            next: (event) => outcomes.push(`${scheduler.now()} ${name} ${text(event)}`),
            error: (error: unknown) => outcomes.push(`${scheduler.now()} ${name} ${errorText(error)}`),
          });
        }, at);
      };
      call('flaky_echo', 10); // restarting until 1005: waits, then runs on the new process
      call('dead_echo', 10); // restarting too, but its restart fails as well
      call('slow_echo', 10); // never ready: bounded wait
      call('off_echo', 10); // disabled: at once
      call('nobody_echo', 10); // no such server: at once
      call('flaky_nothing', 2000); // ready server, no such tool: at once
      scheduler.schedule(() => subscription.unsubscribe(), 20_000);
      flush();
      expect(outcomes).toEqual([
        '10 off_echo server-unavailable: The server off is disabled',
        '10 nobody_echo unknown-tool: No server of this host offers a tool named nobody_echo',
        '1002 dead_echo server-unavailable: The server dead failed after 1 restarts: Error: dead#2 crashed',
        '1005 flaky_echo flaky#2:echo',
        '2000 flaky_nothing unknown-tool: The server flaky has no tool for flaky_nothing',
        '3010 slow_echo not-ready: The server slow was not ready within 3000 ms',
      ]);
    });
  });

  it('fails a call whose name is ambiguous', async () => {
    const scheduler = newTestScheduler();
    await scheduler.run(async ({ flush }) => {
      const fleet = fakeFleet();
      const host = mcpHost(
        { mcpServers: { 'a.b': { command: 'x' }, a_b: { command: 'y' } } },
        {
          connect: fleet.connect,
        },
      );
      const outcome = lastValueFrom(host.callTool('a_b_echo').pipe(filter(() => false))).catch(errorText);
      flush();
      expect(await outcome).toBe(
        'ambiguous-tool: The tool name a_b_echo is ambiguous: echo of a.b, echo of a_b',
      );
    });
  });
});
