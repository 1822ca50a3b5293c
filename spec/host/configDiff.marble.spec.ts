import fc from 'fast-check';
import { Subject } from 'rxjs';
import type { McpServerEntry } from '../../lib/config/index.js';
import { mcpHost, type McpHostConfig } from '../../lib/host/index.js';
import { fakeFleet } from './fakeFleet.js';
import { newTestScheduler } from '../support/marbles.js';
import { record } from './hostHelpers.js';

const entry = (command: string, extra: Partial<McpServerEntry> = {}): McpServerEntry => ({
  command,
  ...extra,
});

describe('mcpHost config changes (virtual time)', () => {
  it('starts added servers, stops removed ones, restarts changed ones, leaves the rest alone', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ cold, flush }) => {
      const fleet = fakeFleet();
      const configs = cold<McpHostConfig>('a 9ms b 9ms c 9ms d', {
        a: { mcpServers: { one: entry('x'), two: entry('y'), three: entry('z') } },
        // add four, remove three, change two's args
        b: { mcpServers: { one: entry('x'), two: entry('y', { args: ['--v2'] }), four: entry('w') } },
        // env change of one (order of keys does not matter later)
        c: {
          mcpServers: {
            one: entry('x', { env: { A: '1', B: '2' } }),
            two: entry('y', { args: ['--v2'] }),
            four: entry('w'),
          },
        },
        d: {
          mcpServers: {
            one: entry('x', { env: { B: '2', A: '1' } }),
            two: entry('y', { args: ['--v2'], disabled: true }),
            four: entry('w'),
          },
        },
      });
      const host = mcpHost(configs, { connect: fleet.connect });
      const { lines, subscription } = record(scheduler, host);
      flush();
      expect(fleet.log).toEqual([
        '+one#1',
        '+two#1',
        '+three#1',
        // b: two restarts (new process), four starts, three stops; one untouched
        '+two#2',
        '+four#1',
        '-two#1',
        '-three#1',
        // c: one changed (env)
        '+one#2',
        '-one#1',
        // d: one's env is the same (key order), two is disabled
        '-two#2',
      ]);
      expect(lines).toEqual([
        '0 one=ready two=ready three=ready tools:one_echo,two_echo,three_echo',
        '10 one=ready two=ready four=ready tools:one_echo,two_echo,four_echo',
        '30 one=ready two=disabled four=ready tools:one_echo,four_echo',
      ]);
      subscription.unsubscribe();
      expect(fleet.log.slice(-2).sort()).toEqual(['-four#1', '-one#2']);
    });
  });

  it('shows disabled and url/http/sse servers without starting them, in both config dialects', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      const fleet = fakeFleet();
      const configs = new Subject<McpHostConfig>();
      const host = mcpHost(configs, { connect: fleet.connect });
      const { lines, subscription } = record(scheduler, host);
      configs.next({
        mcpServers: {
          local: entry('x'),
          off: entry('y', { disabled: true }),
          remote: { url: 'https://example.com/mcp' },
        },
      });
      configs.next({
        servers: {
          local: { type: 'stdio', command: 'x' },
          web: { type: 'http', url: 'https://example.com/mcp' },
          events: { type: 'sse', url: 'https://example.com/sse' },
        },
      });
      flush();
      expect(lines).toEqual([
        '0 local=ready off=disabled remote=unsupported(http) tools:local_echo',
        '0 local=ready web=unsupported(http) events=unsupported(sse) tools:local_echo',
      ]);
      // The same definition in the other dialect is the same server: not restarted.
      expect(fleet.log).toEqual(['+local#1']);
      subscription.unsubscribe();
    });
  });

  it('reports an invalid config and keeps the servers of the last valid one running', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      const fleet = fakeFleet();
      const configs = new Subject<unknown>();
      const host = mcpHost(configs as Subject<McpHostConfig>, { connect: fleet.connect });
      const errors: string[] = [];
      const { lines, subscription } = record(scheduler, host);
      const errorSubscription = host.subscribe((state) => {
        if (state.configError !== null) errors.push(state.configError.message);
      });
      configs.next({ mcpServers: { one: entry('x') } });
      configs.next({ mcpServers: { one: entry('x'), two: { command: 'y', args: 'not-an-array' } } });
      configs.next({ mcpServers: { one: entry('x'), two: entry('y') } });
      flush();
      expect(lines).toEqual([
        '0 one=ready tools:one_echo',
        '0 one=ready tools:one_echo config-error',
        '0 one=ready two=ready tools:one_echo,two_echo',
      ]);
      expect(errors).toEqual([
        'Invalid MCP servers config:\n- mcpServers.two.args: expected an array of strings, got a string',
      ]);
      expect(fleet.log).toEqual(['+one#1', '+two#1']);
      subscription.unsubscribe();
      errorSubscription.unsubscribe();
    });
  });

  it('shares the servers between consumers and shuts them all down when the last one leaves', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      const fleet = fakeFleet();
      const host = mcpHost({ mcpServers: { one: entry('x'), two: entry('y') } }, { connect: fleet.connect });
      const first = record(scheduler, host);
      const second = record(scheduler, host);
      flush();
      expect(first.lines).toEqual(['0 one=ready two=ready tools:one_echo,two_echo']);
      // The late consumer gets the current state at once, and no new process.
      expect(second.lines).toEqual(first.lines);
      expect(fleet.log).toEqual(['+one#1', '+two#1']);
      first.subscription.unsubscribe();
      expect(fleet.log).toEqual(['+one#1', '+two#1']);
      second.subscription.unsubscribe();
      expect(fleet.log).toEqual(['+one#1', '+two#1', '-one#1', '-two#1']);
      // A new subscriber starts afresh.
      const third = record(scheduler, host);
      expect(fleet.log.slice(4)).toEqual(['+one#2', '+two#2']);
      third.subscription.unsubscribe();
    });
  });

  it('keeps exactly the configured enabled stdio servers running, and untouched ones untouched (model)', () => {
    const name = fc.constantFrom('a', 'b', 'c', 'd');
    const definition = fc.oneof(
      fc.record({ command: fc.constantFrom('x', 'y'), args: fc.constantFrom<string[][]>([], ['1']) }),
      fc.constant({ command: 'x', disabled: true }),
      fc.constant({ url: 'https://example.com' }),
    );
    const config = fc.dictionary(name, definition, { maxKeys: 4 });
    fc.assert(
      fc.property(fc.array(config, { minLength: 1, maxLength: 6 }), (configs) => {
        const scheduler = newTestScheduler();
        scheduler.run(() => {
          const fleet = fakeFleet();
          const input = new Subject<McpHostConfig>();
          const host = mcpHost(input, { connect: fleet.connect });
          const subscription = host.subscribe();
          const live = (): Set<string> => {
            const alive = new Set<string>();
            for (const event of fleet.log) {
              if (event.startsWith('+')) alive.add(event.slice(1));
              else alive.delete(event.slice(1));
            }
            return alive;
          };
          let previous: Record<string, unknown> = {};
          let previousLive = new Set<string>();
          for (const servers of configs) {
            input.next({ mcpServers: servers });
            const running = live();
            const expected = Object.entries(servers)
              .filter(([, d]) => 'command' in d && !('disabled' in d))
              .map(([n]) => n)
              .sort();
            // One process per enabled stdio server, and nothing else.
            expect([...running].map((p) => p.split('#')[0]).sort()).toEqual(expected);
            // A server whose entry did not change keeps its process.
            for (const n of expected) {
              if (JSON.stringify(previous[n]) === JSON.stringify(servers[n])) {
                const kept = [...previousLive].find((p) => p.startsWith(`${n}#`));
                expect(running.has(kept ?? '(none)')).toBe(true);
              }
            }
            previous = servers;
            previousLive = running;
          }
          subscription.unsubscribe();
          expect(live().size).toBe(0);
        });
      }),
      { numRuns: 200 },
    );
  });
});
