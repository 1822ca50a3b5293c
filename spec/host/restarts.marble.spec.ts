import { mcpHost } from '../../lib/host/index.js';
import { resolveRestartPolicy, restartDelay } from '../../lib/host/McpRestartPolicy.js';
import { McpTimeoutError as SessionTimeout } from '../../lib/session/index.js';
import { fakeFleet } from './fakeFleet.js';
import { newTestScheduler } from '../support/marbles.js';
import { hostSummary, record } from './hostHelpers.js';
import { distinctUntilChanged, map } from 'rxjs';

const one = { mcpServers: { a: { command: 'a' } } };
/** A policy without jitter, unless a test says otherwise. */
const policy = { initialDelay: 1000, factor: 2, maxDelay: 30_000, jitter: 0.2, random: () => 0.5 };

describe('the restart delay', () => {
  it('doubles from initialDelay up to maxDelay, spread by ±jitter', () => {
    const doubling = resolveRestartPolicy({ initialDelay: 500, maxDelay: 5000, random: () => 0.5 });
    expect([1, 2, 3, 4, 5].map((attempt) => restartDelay(doubling, attempt))).toEqual([
      500, 1000, 2000, 4000, 5000,
    ]);
    const jittered = resolveRestartPolicy({ initialDelay: 500, jitter: 0.2, random: () => 0 });
    expect(restartDelay(jittered, 1)).toBe(400);
    expect(restartDelay(resolveRestartPolicy({ initialDelay: 500, jitter: 0.2, random: () => 1 }), 1)).toBe(
      600,
    );
  });
});

describe('mcpHost restarts (virtual time)', () => {
  it('restarts a server that crashes, with exponential backoff, then gives up after maxRestarts', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ expectObservable }) => {
      const fleet = fakeFleet(() => ({ crashAfter: 5 }));
      const host = mcpHost(one, { connect: fleet.connect, restart: { ...policy, maxRestarts: 2 } });
      // 0 ready; 5 crash → wait 1000; 1005 ready; 1010 crash → wait 2000; 3010 ready; 3015 crash → failed.
      // Each start shows `starting` twice (before and after the pid is known): distinct lines only.
      expectObservable(host.pipe(map(hostSummary), distinctUntilChanged()), '^ 4000ms !').toBe(
        'a 4ms b 999ms (cd) 1ms e 1999ms (fg) 1ms h',
        {
          a: 'a=ready tools:a_echo',
          b: 'a=restarting#1+1000:a#1 crashed',
          c: 'a=starting#2',
          d: 'a=ready tools:a_echo',
          e: 'a=restarting#2+2000:a#2 crashed',
          f: 'a=starting#3',
          g: 'a=ready tools:a_echo',
          h: 'a=failed(2):a#3 crashed',
        },
      );
    });
  });

  it('spreads each delay by the jitter, from the injected random source', () => {
    for (const [random, delay] of [
      [0, 800],
      [0.5, 1000],
      [0.999, 1200],
    ] as const) {
      const scheduler = newTestScheduler();
      scheduler.run(({ flush }) => {
        const fleet = fakeFleet((_name, n) => (n === 1 ? { crashAfter: 5 } : {}));
        const host = mcpHost(one, { connect: fleet.connect, restart: { ...policy, random: () => random } });
        const { lines, subscription } = record(scheduler, host);
        flush();
        expect(lines).toEqual([
          '0 a=ready tools:a_echo',
          `5 a=restarting#1+${delay}:a#1 crashed`,
          `${5 + delay} a=starting#2`,
          `${5 + delay} a=ready tools:a_echo`,
        ]);
        subscription.unsubscribe();
      });
    }
  });

  it('caps the delay at maxDelay', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      const fleet = fakeFleet(() => ({ crashAfter: 1 }));
      const host = mcpHost(one, {
        connect: fleet.connect,
        restart: { ...policy, maxDelay: 3000, maxRestarts: 4 },
      });
      const { lines, subscription } = record(scheduler, host);
      flush();
      const waits = lines
        .filter((line) => line.includes('restarting'))
        .map((line) => /\+(\d+):/.exec(line)?.[1]);
      expect(waits).toEqual(['1000', '2000', '3000', '3000']);
      expect(lines.at(-1)).toMatch(/a=failed\(4\):a#5 crashed$/);
      subscription.unsubscribe();
    });
  });

  it('starts counting from zero again once a server stayed up for resetAfter', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      // Start 1 crashes at once; start 2 lives 500 ms (longer than resetAfter); start 3 crashes at once.
      const fleet = fakeFleet((_name, n) => ({ crashAfter: n === 2 ? 500 : 5 }));
      const host = mcpHost(one, {
        connect: fleet.connect,
        restart: { ...policy, resetAfter: 100, maxRestarts: 1 },
      });
      const { lines, subscription } = record(scheduler, host);
      flush();
      expect(lines).toEqual([
        '0 a=ready tools:a_echo',
        '5 a=restarting#1+1000:a#1 crashed',
        '1005 a=starting#2',
        '1005 a=ready tools:a_echo',
        // Up 500 ms > resetAfter: the crash is restart #1 again, not a give-up.
        '1505 a=restarting#1+1000:a#2 crashed',
        '2505 a=starting#2',
        '2505 a=ready tools:a_echo',
        '2510 a=failed(1):a#3 crashed',
      ]);
      subscription.unsubscribe();
    });
  });

  it('restarts after a failed handshake (no answer within requestTimeout)', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      const fleet = fakeFleet((_name, n) => ({ silent: n === 1 }));
      const host = mcpHost(one, {
        connect: fleet.connect,
        restart: policy,
        session: { requestTimeout: 50 },
      });
      const errors: unknown[] = [];
      const { lines, subscription } = record(scheduler, host);
      const errorsSubscription = host.subscribe((state) => {
        const a = state.servers.a;
        if (a.status === 'restarting') errors.push(a.error);
      });
      flush();
      expect(lines).toEqual([
        '0 a=starting#1',
        expect.stringMatching(/^50 a=restarting#1\+1000:/),
        '1050 a=starting#2',
        '1050 a=ready tools:a_echo',
      ]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(SessionTimeout);
      expect(fleet.log).toEqual(['+a#1', '-a#1', '+a#2']);
      subscription.unsubscribe();
      errorsSubscription.unsubscribe();
      expect(fleet.log).toEqual(['+a#1', '-a#1', '+a#2', '-a#2']);
    });
  });

  it('counts a health ping without an answer as a crash, and keeps a healthy server', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      const fleet = fakeFleet((_name, n) => ({ deafToPing: n === 1 }));
      const host = mcpHost(one, {
        connect: fleet.connect,
        restart: policy,
        healthCheck: { interval: 100, timeout: 20 },
      });
      const { lines, subscription } = record(scheduler, host);
      scheduler.schedule(() => subscription.unsubscribe(), 5000);
      flush();
      expect(lines).toEqual([
        '0 a=ready tools:a_echo',
        expect.stringMatching(/^120 a=restarting#1\+1000:/),
        '1120 a=starting#2',
        '1120 a=ready tools:a_echo',
      ]);
      const pings = fleet.starts.get('a')?.[1].count('ping') ?? 0;
      // Start 2 ran from 1120 to 5000 and was pinged every 100 ms.
      expect(pings).toBe(Math.floor((5000 - 1120) / 100));
      expect(fleet.log).toEqual(['+a#1', '-a#1', '+a#2', '-a#2']);
    });
  });

  it('shows a server that exits cleanly as stopped and does not restart it', () => {
    const scheduler = newTestScheduler();
    scheduler.run(({ flush }) => {
      const fleet = fakeFleet(() => ({ exitAfter: 10 }));
      const host = mcpHost(one, { connect: fleet.connect, restart: policy });
      const { lines, subscription } = record(scheduler, host);
      flush();
      expect(lines).toEqual(['0 a=ready tools:a_echo', '10 a=stopped']);
      expect(fleet.starts.get('a')).toHaveLength(1);
      subscription.unsubscribe();
    });
  });

  it('puts every wait on options.scheduler (no real timer is involved)', () => {
    // Not in run mode: only the scheduler given to mcpHost is virtual.
    const scheduler = newTestScheduler();
    scheduler.maxFrames = Infinity; // outside run mode it stops at frame 750 by default
    const fleet = fakeFleet(() => ({ silent: true }));
    const host = mcpHost(one, {
      connect: fleet.connect,
      scheduler,
      restart: { ...policy, maxRestarts: 2 },
      session: { requestTimeout: 50 },
    });
    const { lines, subscription } = record(scheduler, host);
    scheduler.flush();
    expect(lines.map((line) => line.replace(/:.*/, ''))).toEqual([
      '0 a=starting#1',
      '50 a=restarting#1+1000',
      '1050 a=starting#2',
      '1100 a=restarting#2+2000',
      '3100 a=starting#3',
      '3150 a=failed(2)',
    ]);
    subscription.unsubscribe();
  });
});
