// The edges of a tool call run as a task, in virtual time on the fake MCP server: a call left
// before its task exists, statuses that arrive out of order, metadata the 2025-11-25 protocol
// asks for, giving up (ttl, protocol errors) and the floor of the poll interval.
import { ignoreElements, map, merge, of, switchMap, timer } from 'rxjs';
import {
  McpProtocolError,
  McpTimeoutError,
  MIN_TASK_POLL_INTERVAL,
  type McpTask,
} from '../../../lib/session/index.js';
import { newTestScheduler } from '../../support/marbles.js';
import { openSession, withSession } from '../marbleHelpers.js';
import { at, sentTimeline, taskOf, taskServer, timedTaskServer } from './taskServer.js';

/** The poll interval the servers of this file suggest. */
const P = 100;
const RELATED_TASK = 'io.modelcontextprotocol/related-task';
const IMMEDIATE = 'io.modelcontextprotocol/model-immediate-response';
const done = { content: [{ type: 'text', text: 'done' }] };
const statusEvent = (task: McpTask) => ({ type: 'task', task });
const step = (frame: number, status: McpTask['status'], statusMessage?: string): McpTask =>
  taskOf('t1', status, {
    lastUpdatedAt: at(frame),
    pollInterval: P,
    ...(statusMessage === undefined ? {} : { statusMessage }),
  });

describe('callToolTask edges', () => {
  it('typeahead: a call left before its CreateTaskResult is cancelled once the task id is known (two consumers)', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ cold, expectObservable }) => {
      const working = (id: string) => taskOf(id, 'working', { pollInterval: P });
      const server = taskServer({
        timelines: {
          b: [working('b'), taskOf('b', 'completed')],
          d: [working('d'), taskOf('d', 'completed')],
        },
        more: {
          // The task is created at once, but its CreateTaskResult takes 3 frames to arrive.
          'tools/call': (params) => {
            const id = (params.arguments as { taskId: string }).taskId;
            return timer(3, testScheduler).pipe(map(() => ({ task: working(id) })));
          },
        },
      });
      sent = sentTimeline(server, testScheduler);
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      const search = (keys: string) =>
        cold(keys).pipe(
          switchMap((id) => session.callToolTask('research', { taskId: id })),
          map((e) => (e.type === 'task' ? `${e.task.taskId}:${e.task.status}` : e.type)),
        );
      // Two search boxes on one session, each typing twice before its first answer arrives.
      expectObservable(search('a 1ms (b|)')).toBe('5ms w 99ms (cr|)', {
        w: 'b:working',
        c: 'b:completed',
        r: 'result',
      });
      expectObservable(search('1ms c 2ms (d|)')).toBe('7ms w 99ms (cr|)', {
        w: 'd:working',
        c: 'd:completed',
        r: 'result',
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 300);
    });
    expect(sent).toEqual([
      '0 tools/list',
      '0 tools/call',
      '1 tools/call',
      '2 tools/call',
      '3 tasks/cancel a',
      '4 tools/call',
      '4 tasks/cancel c',
      '105 tasks/get b',
      '105 tasks/result b',
      '107 tasks/get d',
      '107 tasks/result d',
    ]);
  });

  it('never goes back: a poll answer older than a notification is dropped (no step 0 → 1 → 0 → 2)', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const s0 = step(0, 'working', 'step 0');
      const s1 = step(105, 'working', 'step 1');
      const s2 = step(250, 'working', 'step 2');
      const c = step(300, 'completed');
      const server = timedTaskServer({
        scheduler: testScheduler,
        transitions: [
          { at: 0, task: s0 },
          { at: 105, task: s1, notify: true },
          { at: 250, task: s2, notify: true },
          { at: 300, task: c, notify: true },
        ],
        // The first tasks/get (sent at 100) reads step 0 and answers at 110, after step 1's notification.
        pollDelay: (k) => (k === 0 ? 10 : 0),
      });
      sent = sentTimeline(server, testScheduler);
      const events$ = withSession(server, { scheduler: testScheduler }, (s) => s.callToolTask('research'));
      expectObservable(events$).toBe('a 104ms b 144ms c 49ms (dr|)', {
        a: statusEvent(s0),
        b: statusEvent(s1),
        c: statusEvent(s2),
        d: statusEvent(c),
        r: { type: 'result', result: done },
      });
    });
    expect(sent).toEqual([
      '0 tools/list',
      '0 tools/call',
      '100 tasks/get t1',
      '210 tasks/get t1',
      '300 tasks/result t1',
    ]);
  });

  it('never shows input_required again once the answer moved the task on, whatever a late poll says', () => {
    const testScheduler = newTestScheduler();
    const asked: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const w = step(0, 'working', 'Gathering');
      const i = step(95, 'input_required', 'Which python?');
      const again = step(105, 'working', 'Continuing');
      const c = step(180, 'completed');
      const server = timedTaskServer({
        scheduler: testScheduler,
        transitions: [
          { at: 0, task: w },
          { at: 95, task: i, notify: true },
          { at: 105, task: again, notify: true },
          { at: 180, task: c, notify: true },
        ],
        // The poll sent at 100 reads input_required and answers at 110, after the task moved on.
        pollDelay: (k) => (k === 0 ? 10 : 0),
        result: (_params, context) =>
          merge(
            context
              .request('elicitation/create', {
                message: 'Which python?',
                requestedSchema: { type: 'object', properties: {} },
                _meta: { [RELATED_TASK]: { taskId: 't1' } },
              })
              .pipe(ignoreElements()),
            timer(180 - testScheduler.now(), testScheduler).pipe(map(() => done)),
          ),
      });
      const elicitation = (params: { message: string }) => {
        asked.push(`${testScheduler.now()} ${params.message}`);
        return of({ action: 'accept' as const, content: { interpretation: 'programming' } });
      };
      const events$ = withSession(server, { scheduler: testScheduler, elicitation }, (s) =>
        s.callToolTask('research'),
      );
      expectObservable(events$).toBe('w 94ms i 9ms a 74ms (cr|)', {
        w: statusEvent(w),
        i: statusEvent(i),
        a: statusEvent(again),
        c: statusEvent(c),
        r: { type: 'result', result: done },
      });
    });
    expect(asked).toEqual(['95 Which python?']);
  });

  it('answers a request tied to a task with its related-task metadata, and only those', () => {
    const testScheduler = newTestScheduler();
    const answers: unknown[] = [];
    testScheduler.run(() => {
      const server = timedTaskServer({
        scheduler: testScheduler,
        transitions: [{ at: 0, task: step(0, 'working') }],
      });
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        elicitation: () => of({ action: 'accept' as const, content: { ok: true } }),
        sampling: () =>
          of({
            role: 'assistant' as const,
            content: { type: 'text' as const, text: 'hi' },
            model: 'm',
            _meta: { mine: 1 },
          }),
      });
      const ask = (method: string, params: Record<string, unknown>) => {
        server.request(method, params).subscribe({
          next: (answer) => answers.push(answer),
          error: (error: unknown) => answers.push(error instanceof Error ? error.message : error),
        });
      };
      const tied = { [RELATED_TASK]: { taskId: 't1' } };
      const requestedSchema = { type: 'object', properties: {} };
      testScheduler.schedule(() => {
        ask('elicitation/create', { message: 'Sure?', requestedSchema, _meta: tied });
        ask('elicitation/create', { message: 'Sure?', requestedSchema });
        ask('sampling/createMessage', { messages: [], maxTokens: 1, _meta: tied });
        ask('ping', { _meta: tied });
      }, 1);
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
    expect(answers).toEqual([
      { action: 'accept', content: { ok: true }, _meta: { [RELATED_TASK]: { taskId: 't1' } } },
      { action: 'accept', content: { ok: true } },
      {
        role: 'assistant',
        content: { type: 'text', text: 'hi' },
        model: 'm',
        _meta: { mine: 1, [RELATED_TASK]: { taskId: 't1' } },
      },
      { _meta: { [RELATED_TASK]: { taskId: 't1' } } },
    ]);
  });

  it('hands the model-immediate-response of the CreateTaskResult to the caller, on the first event only', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const w = step(0, 'working', 'Gathering');
      const c = step(100, 'completed');
      const transitions = [
        { at: 0, task: w },
        { at: 100, task: c },
      ];
      const immediate = timedTaskServer({
        scheduler: testScheduler,
        transitions,
        createMeta: { [IMMEDIATE]: 'Research started; the report follows in a minute.' },
      });
      expectObservable(
        withSession(immediate, { scheduler: testScheduler }, (s) => s.callToolTask('research')),
      ).toBe('w 99ms (cr|)', {
        w: {
          type: 'task',
          task: w,
          modelImmediateResponse: 'Research started; the report follows in a minute.',
        },
        c: statusEvent(c),
        r: { type: 'result', result: done },
      });
      // Not a string: not a model-immediate-response.
      const odd = timedTaskServer({ scheduler: testScheduler, transitions, createMeta: { [IMMEDIATE]: 42 } });
      expectObservable(
        withSession(odd, { scheduler: testScheduler }, (s) => s.callToolTask('research')),
      ).toBe('w 99ms (cr|)', { w: statusEvent(w), c: statusEvent(c), r: { type: 'result', result: done } });
    });
  });

  it('cancels the task on the server when it gives up at the ttl', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working', { ttl: 250, pollInterval: P });
      const server = taskServer({ timelines: { t1: [w] } });
      sent = sentTimeline(server, testScheduler);
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.callToolTask('research').pipe(map((e) => e.type)),
      );
      expectObservable(events$).toBe(
        't 249ms #',
        { t: 'task' },
        {
          name: 'McpTaskError',
          message: 'Task t1 of tool "research" reached its ttl of 250 ms before it ended',
        },
      );
    });
    expect(sent).toEqual([
      '0 tools/list',
      '0 tools/call',
      '100 tasks/get t1',
      '200 tasks/get t1',
      '250 tasks/cancel t1',
    ]);
  });

  it('cancels the task on the server when it gives up on a protocol error or a timed-out poll', () => {
    const testScheduler = newTestScheduler();
    let invalidSent: string[] = [];
    let timedOutSent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working', { pollInterval: P });
      const invalid = taskServer({
        timelines: { t1: [w] },
        more: { 'tasks/get': () => ({ taskId: 't1', status: 'half-done' }) },
      });
      invalidSent = sentTimeline(invalid, testScheduler);
      expectObservable(
        withSession(invalid, { scheduler: testScheduler }, (s) =>
          s.callToolTask('research').pipe(map((e) => e.type)),
        ),
      ).toBe('t 99ms #', { t: 'task' }, expect.objectContaining({ name: McpProtocolError.name }));
      const silent = taskServer({
        timelines: { t1: [w] },
        more: { 'tasks/get': () => timer(1000, testScheduler) },
      });
      timedOutSent = sentTimeline(silent, testScheduler);
      expectObservable(
        withSession(silent, { scheduler: testScheduler }, (s) =>
          s.callToolTask('research', {}, { timeout: 50 }).pipe(map((e) => e.type)),
        ),
      ).toBe('t 149ms #', { t: 'task' }, expect.objectContaining({ name: McpTimeoutError.name }));
    });
    expect(invalidSent).toEqual(['0 tools/list', '0 tools/call', '100 tasks/get t1', '100 tasks/cancel t1']);
    expect(timedOutSent).toEqual([
      '0 tools/list',
      '0 tools/call',
      '100 tasks/get t1',
      '150 notifications/cancelled',
      '150 tasks/cancel t1',
    ]);
  });

  it('sends no tasks/cancel to a server that does not declare tasks.cancel', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working', { pollInterval: P });
      const server = taskServer({
        timelines: { t1: [w] },
        tasks: { list: {}, requests: { tools: { call: {} } } },
      });
      sent = sentTimeline(server, testScheduler);
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(session.callToolTask('research'), '^ 150ms !').toBe('w', { w: statusEvent(w) });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 300);
    });
    expect(sent).toEqual(['0 tools/list', '0 tools/call', '100 tasks/get t1']);
  });

  it('polls no faster than MIN_TASK_POLL_INTERVAL, whatever the server or the caller says', () => {
    const testScheduler = newTestScheduler();
    let serverSays: string[] = [];
    let callerSays: string[] = [];
    expect(MIN_TASK_POLL_INTERVAL).toBe(100);
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working', { pollInterval: 0 });
      const c = taskOf('t1', 'completed', { pollInterval: 0 });
      const eager = taskServer({ timelines: { t1: [w, w, c] } });
      serverSays = sentTimeline(eager, testScheduler);
      expectObservable(
        withSession(eager, { scheduler: testScheduler }, (s) =>
          s.callToolTask('research').pipe(map((e) => e.type)),
        ),
      ).toBe('t 199ms (tr|)', { t: 'task', r: 'result' });
      const quiet = (status: McpTask['status']) => taskOf('t1', status, { pollInterval: undefined });
      const silent = taskServer({ timelines: { t1: [quiet('working'), quiet('completed')] } });
      callerSays = sentTimeline(silent, testScheduler);
      expectObservable(
        withSession(silent, { scheduler: testScheduler }, (s) =>
          s.callToolTask('research', {}, { pollInterval: 0 }).pipe(map((e) => e.type)),
        ),
      ).toBe('t 99ms (tr|)', { t: 'task', r: 'result' });
    });
    expect(serverSays.filter((line) => line.includes('tasks/get'))).toEqual([
      '100 tasks/get t1',
      '200 tasks/get t1',
    ]);
    expect(callerSays.filter((line) => line.includes('tasks/get'))).toEqual(['100 tasks/get t1']);
  });

  it('keeps two tasks on one session apart: each sees only its own statuses, in order', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const server = taskServer({
        timelines: {
          a: [taskOf('a', 'working', { pollInterval: P }), taskOf('a', 'completed')],
          b: [taskOf('b', 'working', { pollInterval: P }), taskOf('b', 'completed')],
        },
      });
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      // A status of b arrives by notification while a is polled, and the other way round.
      testScheduler.schedule(() => {
        server.notify('notifications/tasks/status', {
          ...taskOf('b', 'working', { statusMessage: 'b half' }),
        });
      }, 50);
      const label = (e: { type: string; task?: McpTask }) =>
        e.task === undefined ? e.type : `${e.task.taskId}:${e.task.statusMessage ?? e.task.status}`;
      expectObservable(session.callToolTask('research', { taskId: 'a' }).pipe(map(label))).toBe(
        'w 99ms (cr|)',
        { w: 'a:working', c: 'a:completed', r: 'result' },
      );
      expectObservable(session.callToolTask('research', { taskId: 'b' }).pipe(map(label))).toBe(
        'w 49ms h 49ms (cr|)',
        { w: 'b:working', h: 'b:b half', c: 'b:completed', r: 'result' },
      );
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 300);
    });
  });
});
