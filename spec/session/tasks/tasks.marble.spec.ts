// Tool calls as tasks in virtual time: polling at the server's pollInterval, one event per change,
// notifications, ttl, cancel, session end, input_required, refusals, and several tasks at once.
import { ignoreElements, map, merge, of, switchMap, take, tap, timer } from 'rxjs';
import {
  McpSessionClosedError,
  McpTaskError,
  type McpTask,
  type McpTaskErrorReason,
} from '../../../lib/session/index.js';
import { newTestScheduler } from '../../support/marbles.js';
import { errorShape, openSession, sendFrame, serverRequest, withSession } from '../marbleHelpers.js';
import { sentTimeline, taskOf, taskServer } from './taskServer.js';

const done = { content: [{ type: 'text', text: 'done' }] };
const taskError = (reason: McpTaskErrorReason, message: string) =>
  errorShape(new McpTaskError(reason, message, 'research', null));
const statusEvent = (task: McpTask) => ({ type: 'task', task });
const label = (e: { type: string; task?: McpTask }) =>
  e.task === undefined ? e.type : `${e.task.taskId}:${e.task.status}`;

describe('callToolTask', () => {
  it('polls at the pollInterval, emits each new status once, then fetches the result', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working');
      const a = taskOf('t1', 'working', { statusMessage: 'Analyzing' });
      const c = taskOf('t1', 'completed');
      const server = taskServer({ timelines: { t1: [w, w, a, a, c] } });
      sent = sentTimeline(server, testScheduler);
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.callToolTask('research', { topic: 'rx' }),
      );
      expectObservable(events$).toBe('w 199ms a 199ms (cr|)', {
        w: statusEvent(w),
        a: statusEvent(a),
        c: statusEvent(c),
        r: { type: 'result', result: done },
      });
    });
    expect(sent).toEqual([
      '0 tools/list',
      '0 tools/call',
      '100 tasks/get t1',
      '200 tasks/get t1',
      '300 tasks/get t1',
      '400 tasks/get t1',
      '400 tasks/result t1',
    ]);
  });

  it('falls back to the caller pollInterval when the server suggests none', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working', { pollInterval: undefined });
      const c = taskOf('t1', 'completed', { pollInterval: undefined });
      const server = taskServer({ timelines: { t1: [w, w, c] } });
      sent = sentTimeline(server, testScheduler);
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.callToolTask('research', {}, { pollInterval: 150 }).pipe(map(label)),
      );
      expectObservable(events$).toBe('w 299ms (cr|)', { w: 't1:working', c: 't1:completed', r: 'result' });
    });
    expect(sent.filter((line) => line.includes('tasks/get'))).toEqual([
      '150 tasks/get t1',
      '300 tasks/get t1',
    ]);
  });

  it('asks for a task with the requested ttl and a progress token, and emits the progress sent for it', () => {
    const testScheduler = newTestScheduler();
    let params: unknown;
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working');
      const c = taskOf('t1', 'completed');
      const server = taskServer({ timelines: { t1: [w, c] } });
      testScheduler.schedule(() => {
        const call = server.received.find((m) => m.method === 'tools/call');
        params = call?.params;
        const token = (call?.params as { _meta: { progressToken: string } } | undefined)?._meta.progressToken;
        server.notify('notifications/progress', { progressToken: token, progress: 1, total: 4 });
        server.notify('notifications/progress', { progressToken: 'someone-else', progress: 9 });
      }, 3);
      const events$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.callToolTask('research', { topic: 'rx' }, { ttl: 60_000 }),
      );
      expectObservable(events$).toBe('w 2ms p 96ms (cr|)', {
        w: statusEvent(w),
        p: { type: 'progress', progress: 1, total: 4 },
        c: statusEvent(c),
        r: { type: 'result', result: done },
      });
    });
    expect(params).toEqual({
      name: 'research',
      arguments: { topic: 'rx' },
      task: { ttl: 60_000 },
      _meta: { progressToken: expect.any(String) },
    });
  });

  it('uses notifications/tasks/status and stops polling at a terminal status', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working');
      const c = taskOf('t1', 'completed', { statusMessage: 'all done' });
      const server = taskServer({ timelines: { t1: [w] } });
      sent = sentTimeline(server, testScheduler);
      testScheduler.schedule(() => {
        server.notify('notifications/tasks/status', { ...taskOf('other', 'completed') });
        server.notify('notifications/tasks/status', { ...c });
      }, 107);
      const events$ = withSession(server, { scheduler: testScheduler }, (s) => s.callToolTask('research'));
      expectObservable(events$).toBe('w 106ms (cr|)', {
        w: statusEvent(w),
        c: statusEvent(c),
        r: { type: 'result', result: done },
      });
    });
    expect(sent).toEqual(['0 tools/list', '0 tools/call', '100 tasks/get t1', '107 tasks/result t1']);
  });

  it('ends with McpTaskError expired at the ttl the server gave (not the one asked), cancels, and polls no more', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working', { ttl: 250 });
      const server = taskServer({ timelines: { t1: [w] } });
      sent = sentTimeline(server, testScheduler);
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(session.callToolTask('research', {}, { ttl: 60_000 }).pipe(map(label))).toBe(
        't 249ms #',
        { t: 't1:working' },
        expect.objectContaining({
          reason: 'expired',
          message: 'Task t1 of tool "research" reached its ttl of 250 ms before it ended',
        }),
      );
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 500);
    });
    expect(sent).toEqual([
      '0 tools/list',
      '0 tools/call',
      '100 tasks/get t1',
      '200 tasks/get t1',
      '250 tasks/cancel t1',
    ]);
  });

  it('sends tasks/cancel when unsubscribed before a terminal status, and polls no more', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working');
      const server = taskServer({ timelines: { t1: [w] } });
      sent = sentTimeline(server, testScheduler);
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(session.callToolTask('research'), '^ 149ms !').toBe('w', { w: statusEvent(w) });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 400);
    });
    expect(sent).toEqual(['0 tools/list', '0 tools/call', '100 tasks/get t1', '150 tasks/cancel t1']);
  });

  it('does not cancel a task that already ended', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const server = taskServer({ timelines: { t1: [taskOf('t1', 'completed')] } });
      sent = sentTimeline(server, testScheduler);
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(session.callToolTask('research').pipe(take(1), map(label))).toBe('(t|)', {
        t: 't1:completed',
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 40);
    });
    // Left at the first event: neither tasks/result nor tasks/cancel.
    expect(sent).toEqual(['0 tools/list', '0 tools/call']);
  });

  it('fails with McpSessionClosedError when the session ends between polls, and sends nothing more', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const w = taskOf('t1', 'working');
      const server = taskServer({ timelines: { t1: [w] } });
      sent = sentTimeline(server, testScheduler);
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(session.callToolTask('research')).toBe(
        'w 149ms #',
        { w: statusEvent(w) },
        new McpSessionClosedError(),
      );
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 150);
    });
    expect(sent).toEqual(['0 tools/list', '0 tools/call', '100 tasks/get t1']);
  });

  it('fails with the server message when the task fails, and with McpTaskError when cancelled elsewhere', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable }) => {
      const w = (id: string) => taskOf(id, 'working');
      const failed = taskOf('f', 'failed', { statusMessage: 'Disk full' });
      const cancelled = taskOf('k', 'cancelled');
      // One session per server: a transport carries one MCP session.
      const timelines = { f: [w('f'), failed], k: [w('k'), cancelled] };
      const server = taskServer({ timelines });
      const other = taskServer({ timelines });
      const failing$ = withSession(server, { scheduler: testScheduler }, (s) =>
        s.callToolTask('research', { taskId: 'f' }),
      );
      expectObservable(failing$).toBe(
        'w 99ms (f#)',
        { w: statusEvent(w('f')), f: statusEvent(failed) },
        taskError('failed', 'Disk full'),
      );
      const cancelled$ = withSession(other, { scheduler: testScheduler }, (s) =>
        s.callToolTask('research', { taskId: 'k' }),
      );
      expectObservable(cancelled$).toBe(
        'w 99ms (k#)',
        { w: statusEvent(w('k')), k: statusEvent(cancelled) },
        taskError('cancelled', 'Task k of tool "research" was cancelled'),
      );
    });
  });

  it('serves input_required through the elicitation handler while tasks/result waits, and keeps polling', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    const asked: unknown[] = [];
    testScheduler.run(({ expectObservable, cold }) => {
      const w = taskOf('t1', 'working');
      const i = taskOf('t1', 'input_required', { statusMessage: 'Which python?' });
      const again = taskOf('t1', 'working', { statusMessage: 'Continuing' });
      const report = { content: [{ type: 'text', text: 'Report (programming)' }] };
      const server = taskServer({
        timelines: { t1: [w, i, again] },
        // The server asks its question while tasks/result is open, then answers it with the result.
        result: () =>
          merge(
            cold('1ms q', {
              q: serverRequest('q1', 'elicitation/create', {
                message: 'Which python?',
                requestedSchema: { type: 'object', properties: {} },
              }),
            }).pipe(
              tap((frame) => {
                sendFrame(server, frame);
              }),
              ignoreElements(),
            ),
            cold('150ms r', { r: report }),
          ),
      });
      sent = sentTimeline(server, testScheduler);
      const elicitation = (params: { message?: string }) => {
        asked.push(params.message);
        return of({ action: 'accept' as const, content: { interpretation: 'programming' } });
      };
      const events$ = withSession(server, { scheduler: testScheduler, elicitation }, (s) =>
        s.callToolTask('research', { topic: 'python' }),
      );
      expectObservable(events$).toBe('w 99ms i 99ms a 49ms (r|)', {
        w: statusEvent(w),
        i: statusEvent(i),
        a: statusEvent(again),
        r: { type: 'result', result: report },
      });
    });
    expect(asked).toEqual(['Which python?']);
    expect(sent).toEqual([
      '0 tools/list',
      '0 tools/call',
      '100 tasks/get t1',
      '100 tasks/result t1',
      '101 answer q1',
      '200 tasks/get t1',
    ]);
  });

  it('refuses before sending anything when the server does not run tools as tasks', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const server = taskServer({ timelines: {}, tasks: null });
      sent = sentTimeline(server, testScheduler);
      const events$ = withSession(server, { scheduler: testScheduler }, (s) => s.callToolTask('research'));
      expectObservable(events$).toBe(
        '#',
        undefined,
        taskError(
          'unsupported',
          'The server does not run tool calls as tasks (no tasks.requests.tools.call capability); call "research" with callTool()',
        ),
      );
    });
    expect(sent).toEqual([]);
  });

  it('refuses a tool whose taskSupport is missing or forbidden, after reading the tool list only', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const server = taskServer({
        timelines: {},
        tools: [
          { name: 'plain', inputSchema: { type: 'object' } },
          { name: 'never', inputSchema: { type: 'object' }, execution: { taskSupport: 'forbidden' } },
        ],
      });
      sent = sentTimeline(server, testScheduler);
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(session.callToolTask('plain')).toBe(
        '#',
        undefined,
        expect.objectContaining({
          reason: 'unsupported',
          message: expect.stringContaining('not set, which means forbidden'),
        }),
      );
      expectObservable(session.callToolTask('never')).toBe(
        '#',
        undefined,
        expect.objectContaining({
          reason: 'unsupported',
          message: expect.stringContaining('taskSupport is forbidden'),
        }),
      );
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 40);
    });
    // One read of the tool list serves both lookups.
    expect(sent).toEqual(['0 tools/list']);
  });

  it('follows two tasks at once on one session, each with its own statuses; tasks$ is shared and kept current', () => {
    const testScheduler = newTestScheduler();
    let sent: string[] = [];
    const firstReader: string[] = [];
    const secondReader: string[] = [];
    testScheduler.run(({ expectObservable }) => {
      const a = [taskOf('a', 'working'), taskOf('a', 'completed')];
      const b = [
        taskOf('b', 'working', { pollInterval: 150 }),
        taskOf('b', 'working', { pollInterval: 150, statusMessage: 'half' }),
        taskOf('b', 'completed', { pollInterval: 150 }),
      ];
      let reads = 0;
      const server = taskServer({
        timelines: { a, b },
        more: { 'tasks/list': () => ({ tasks: reads++ === 0 ? [] : [a[0], b[0]] }) },
      });
      sent = sentTimeline(server, testScheduler);
      const { session, subscription } = openSession(server, { scheduler: testScheduler });
      // tasks$ first, so that it sees the creation of both tasks; two readers share every read.
      for (const seen of [firstReader, secondReader]) {
        const reader = session.tasks$.subscribe((tasks) => {
          seen.push(`${testScheduler.now()} ${tasks.map((t) => t.taskId).join(',')}`);
        });
        testScheduler.schedule(() => {
          reader.unsubscribe();
        }, 400);
      }
      expectObservable(session.callToolTask('research', { taskId: 'a' }).pipe(map(label))).toBe(
        'w 99ms (cr|)',
        {
          w: 'a:working',
          c: 'a:completed',
          r: 'result',
        },
      );
      const second$ = timer(1, testScheduler).pipe(
        switchMap(() => session.callToolTask('research', { taskId: 'b' })),
      );
      expectObservable(second$.pipe(map(label))).toBe('1ms w 149ms h 149ms (cr|)', {
        w: 'b:working',
        h: 'b:working',
        c: 'b:completed',
        r: 'result',
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 500);
    });
    const lists = ['0 ', '0 a,b', '1 a,b', '100 a,b', '151 a,b', '301 a,b'];
    expect(firstReader).toEqual(lists);
    expect(secondReader).toEqual(lists);
    // One read per change, whatever the number of subscribers.
    expect(sent.filter((line) => line.endsWith('tasks/list'))).toEqual([
      '0 tasks/list',
      '0 tasks/list',
      '1 tasks/list',
      '100 tasks/list',
      '151 tasks/list',
      '301 tasks/list',
    ]);
  });
});
