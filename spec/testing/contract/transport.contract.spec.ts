/**
 * The transport contract: one table of cases, each run against `fromStdioServer()` on a real
 * process, `fromStdioServer()` over `fakeServer()`, and `fakeMcpServer().transport`, with one
 * expected outcome for all three. A fake that behaved differently from the real subject (as the
 * fake MCP server's own transport once did: dropping `next()` before a subscription, completing
 * at once on `complete()`) fails here. Where a fake cannot model a case, the table says why.
 */
import type { ObservableNotification } from 'rxjs';
import type { JsonRpcMessage } from '../../../lib/session/index.js';
import { StdioServerExitError } from '../../../lib/index.js';
import { record } from '../../support/collect.js';
import { RIGS, type Harness, type RigName } from './transportRigs.js';

const request = (id: number, method: string, params?: Record<string, unknown>): JsonRpcMessage =>
  params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
const notification = (method: string): JsonRpcMessage => ({ jsonrpc: '2.0', method });
const answer = (id: number, result: unknown = {}): JsonRpcMessage => ({ jsonrpc: '2.0', id, result });
const EXIT_0 = { code: 0, signal: null };

/** A terminal notification, comparable: `C`, or `E` with the error's name, message and code. */
function terminal(end: ObservableNotification<unknown>): unknown {
  if (end.kind !== 'E') return end.kind;
  const error = end.error;
  if (error instanceof StdioServerExitError) {
    // The real process's journal shares its stderr: its own lines are left out.
    const stderrTail = error.stderrTail.filter((line) => !line.startsWith('journal '));
    return { E: error.name, code: error.code, signal: error.signal, stderrTail };
  }
  return { E: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/** One case: what it does through the harness, and what every rig must make of it. */
interface ContractCase {
  name: string;
  /** Absent for a row no rig here can run (the table still says why). */
  run?(harness: Harness): Promise<unknown>;
  expected?: unknown;
  /** The rigs that cannot model it, and why. */
  cannot?: Partial<Record<RigName, string>>;
}

const CASES: ContractCase[] = [
  {
    name: 'next() before any subscription is queued and reaches the server once it runs',
    async run({ subject, ended }) {
      subject.next(request(1, 'ping'));
      const frames = record(subject);
      const reply = await frames.waitFor((m) => m.id === 1);
      frames.unsubscribe();
      return { reply, first: await ended(0) };
    },
    expected: { reply: answer(1), first: { journal: ['read ping#1', 'eof'], exit: EXIT_0 } },
  },
  {
    name: 'complete() closes the input after what was sent, completes once the server exited; later next() reaches no later server',
    async run({ subject, ended }) {
      const frames = record(subject);
      subject.next(notification('notifications/one'));
      subject.next(request(2, 'ping'));
      subject.complete();
      subject.next(request(3, 'ping'));
      const end = terminal(await frames.end());
      const first = await ended(0);
      const again = record(subject);
      subject.next(request(4, 'ping'));
      await again.waitFor((m) => m.id === 4);
      again.unsubscribe();
      return { values: frames.values, end, first, second: await ended(1) };
    },
    expected: {
      values: [answer(2)],
      end: 'C',
      first: { journal: ['read notifications/one', 'read ping#2', 'eof'], exit: EXIT_0 },
      second: { journal: ['read ping#4', 'eof'], exit: EXIT_0 },
    },
  },
  {
    name: 'error(e) errors every subscriber with e at once; the server reads EOF and exits',
    async run({ subject, ended }) {
      const one = record(subject);
      const two = record(subject);
      subject.next(request(1, 'ping'));
      await Promise.all([one.waitFor((m) => m.id === 1), two.waitFor((m) => m.id === 1)]);
      const bye = new Error('bye');
      subject.error(bye);
      // At once: both have the very error before anything else happens.
      const ends = [one.notifications.at(-1), two.notifications.at(-1)];
      return {
        sameError: ends.every((end) => end?.kind === 'E' && end.error === bye),
        first: await ended(0),
      };
    },
    expected: { sameError: true, first: { journal: ['read ping#1', 'eof'], exit: EXIT_0 } },
  },
  {
    name: 'teardown order: the server reads every message sent before the last unsubscribe, then EOF',
    async run({ subject, ended }) {
      const one = record(subject);
      const two = record(subject);
      subject.next(notification('notifications/a'));
      subject.next(request(2, 'hold'));
      subject.next(notification('notifications/b'));
      one.unsubscribe();
      subject.next(request(3, 'ping'));
      await two.waitFor((m) => m.id === 3);
      two.unsubscribe();
      return await ended(0);
    },
    expected: {
      journal: ['read notifications/a', 'read hold#2', 'read notifications/b', 'read ping#3', 'eof'],
      exit: EXIT_0,
    },
  },
  {
    name: 'a crash: frames before it are delivered, then StdioServerExitError with the code',
    async run({ subject, ended }) {
      const frames = record(subject);
      subject.next(request(1, 'ping'));
      subject.next(request(2, 'exit', { code: 1 }));
      const end = terminal(await frames.end());
      return { values: frames.values, end, first: await ended(0) };
    },
    expected: {
      values: [answer(1)],
      end: { E: 'StdioServerExitError', code: 1, signal: null, stderrTail: [] },
      first: { journal: ['read ping#1', 'read exit#2'], exit: { code: 1, signal: null } },
    },
  },
  {
    name: 'stderr reaches the observer line by line, and a crash carries its last lines',
    async run(harness) {
      const { subject } = harness;
      const frames = record(subject);
      subject.next(request(1, 'stderr', { lines: ['one', 'two'] }));
      await frames.waitFor((m) => m.id === 1);
      subject.next(request(2, 'exit', { code: 1 }));
      const end = await frames.end();
      return { lines: harness.stderr, end: terminal(end) };
    },
    expected: {
      lines: ['one', 'two'],
      end: { E: 'StdioServerExitError', code: 1, signal: null, stderrTail: ['one', 'two'] },
    },
    cannot: { 'fakeMcpServer()': 'a fake MCP server has no stderr (its crash has an empty stderrTail)' },
  },
  {
    name: 'frames written before the server exits are delivered before the completion',
    async run({ subject }) {
      const frames = record(subject);
      const written = [notification('notifications/first'), notification('notifications/second')];
      subject.next(request(1, 'emit', { frames: written }));
      subject.next(request(2, 'exit', { code: 0 }));
      const end = terminal(await frames.end());
      return { values: frames.values, end };
    },
    expected: {
      values: [
        notification('notifications/first'),
        notification('notifications/second'),
        answer(1, { emitted: 2 }),
      ],
      end: 'C',
    },
  },
  {
    name: 'two subscribers share one server, and both get every frame',
    async run({ subject, starts, ended }) {
      const one = record(subject);
      const two = record(subject);
      subject.next(request(1, 'ping'));
      const replies = await Promise.all([one.waitFor((m) => m.id === 1), two.waitFor((m) => m.id === 1)]);
      one.unsubscribe();
      two.unsubscribe();
      return { replies, starts: starts(), first: await ended(0) };
    },
    expected: {
      replies: [answer(1), answer(1)],
      starts: 1,
      first: { journal: ['read ping#1', 'eof'], exit: EXIT_0 },
    },
  },
  {
    name: 'a subscription after the end starts a fresh server, which sees only its own messages',
    async run({ subject, starts, ended }) {
      const one = record(subject);
      subject.next(request(1, 'ping'));
      await one.waitFor((m) => m.id === 1);
      one.unsubscribe();
      const first = await ended(0);
      const two = record(subject);
      subject.next(request(2, 'ping'));
      await two.waitFor((m) => m.id === 2);
      two.unsubscribe();
      return { starts: starts(), first, second: await ended(1) };
    },
    expected: {
      starts: 2,
      first: { journal: ['read ping#1', 'eof'], exit: EXIT_0 },
      second: { journal: ['read ping#2', 'eof'], exit: EXIT_0 },
    },
  },
  {
    name: 'a message JSON cannot carry errors the subscribers with the serializer’s error; the server reads EOF',
    async run({ subject, ended }) {
      const frames = record(subject);
      subject.next(request(1, 'ping'));
      await frames.waitFor((m) => m.id === 1);
      subject.next(request(2, 'tools/call', { n: 2n }));
      const end = terminal(await frames.end());
      return { end, first: await ended(0) };
    },
    expected: {
      end: { E: 'TypeError: Do not know how to serialize a BigInt' },
      first: { journal: ['read ping#1', 'eof'], exit: EXIT_0 },
    },
  },
  {
    name: 'the whole process tree goes with the server (grandchildren included)',
    cannot: {
      'real process': 'journal.js starts no children; spec/transport/realProcesses.spec.ts kills real trees',
      'fakeServer()': 'a fake process has no children; its SIGTERM and SIGKILL are events instead',
      'fakeMcpServer()': 'an in-memory process has no children and no signals',
    },
  },
];

describe('the transport contract: the real subject and the fakes agree', () => {
  it('the table: a case runs where it can, and every rig that cannot run it says why', () => {
    for (const entry of CASES) {
      const runs = RIGS.filter((rig) => entry.cannot?.[rig.name] === undefined);
      expect([entry.name, runs.length > 0]).toEqual([entry.name, entry.run !== undefined]);
      for (const reason of Object.values(entry.cannot ?? {})) expect(reason.length).toBeGreaterThan(10);
    }
    // Only the tree row is left to another suite; every other case runs on the real process.
    expect(CASES.filter((entry) => entry.cannot?.['real process'] !== undefined)).toHaveLength(1);
  });

  const cells = RIGS.flatMap((rig) =>
    CASES.filter((entry) => entry.cannot?.[rig.name] === undefined).map(
      (entry) => [rig.name, entry.name, rig, entry] as const,
    ),
  );

  it.each(cells)('%s: %s', async (_rig, _case, rig, entry) => {
    const harness = rig.make();
    try {
      const outcome: unknown = await entry.run?.(harness);
      expect(outcome).toEqual(entry.expected);
    } finally {
      await harness.dispose();
    }
  });
});
