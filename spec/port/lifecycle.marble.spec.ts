/**
 * The lifecycle of a port in virtual time: a page's side (`fromMessagePort`) and an owner's side
 * (`serveMessagePort`) on a fake entangled pair, with a server transport that records each
 * subscription. Latency is 1 ms each way, so a message posted at t arrives at t + 1.
 */
import { map, Observable, type Subscription } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import {
  fromMessagePort,
  MessagePortError,
  serveMessagePort,
  type MessagePortServeEvent,
} from '../../lib/port/index.js';
import { marbles } from '../support/marbles.js';
import { fakePortPair, notification, recordingServer, request, type FakePortOptions } from './fakePorts.js';

/** An event of an Observable as a row: when, and what. */
type Row = [number, string, unknown?];

/** Subscribes at `scheduler.now()` and records every event with its virtual time. */
function record<T>(scheduler: TestScheduler, source: Observable<T>, rows: Row[] = []) {
  const subscription = source.subscribe({
    next: (value) => rows.push([scheduler.now(), 'next', value]),
    error: (error: unknown) =>
      rows.push([
        scheduler.now(),
        'error',
        error instanceof MessagePortError
          ? { reason: error.reason, message: error.message, remoteName: error.remoteName }
          : error instanceof Error
            ? error.name
            : error,
      ]),
    complete: () => rows.push([scheduler.now(), 'complete']),
  });
  return { rows, subscription };
}

/** A page, an owner serving a recording server, all on the test scheduler. */
function setup(scheduler: TestScheduler, options: FakePortOptions = {}, heartbeat = 0, exitDelay = 0) {
  const [pagePort, ownerPort] = fakePortPair(scheduler, options);
  const server = recordingServer(scheduler, exitDelay);
  const served$ = serveMessagePort(ownerPort, server, { scheduler, heartbeat });
  const page = fromMessagePort(pagePort, { scheduler, timeout: 50 });
  return { pagePort, ownerPort, server, served$, page };
}

/** Owner events as short strings: `connected`, `disconnected:page`, `malformed:<reason>`. */
const brief = (event: MessagePortServeEvent): string =>
  event.type === 'connected'
    ? 'connected'
    : event.type === 'disconnected'
      ? `disconnected:${event.reason}`
      : `malformed:${event.reason}`;

describe('fromMessagePort and serveMessagePort in virtual time', () => {
  it('connects on subscribe, carries messages both ways, and drops the server on the last unsubscribe', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, served$, page } = setup(scheduler);
      expectObservable(served$.pipe(map(brief)), '^ 30ms !').toBe('- a 19ms b', {
        a: 'connected',
        b: 'disconnected:page',
      });
      // Connect at 0 (arrives at 1), the owner's `connected` arrives at 2, its server's message
      // (sent at 10) at 11; the page unsubscribes at 20, which the owner hears at 21.
      expectObservable(page, '^ 19ms !').toBe('11ms n', { n: notification(1) });
      cold('5ms a').subscribe(() => page.next(request(1)));
      cold('10ms a').subscribe(() => server.emit(notification(1)));
      scheduler.schedule(() => {
        expect(server.connections).toEqual([
          {
            start: 1,
            end: { time: 21, how: 'unsubscribed' },
            received: [{ time: 6, message: request(1) }],
            completeCalledAt: null,
          },
        ]);
      }, 40);
    });
  });

  it('queues messages sent before the first subscriber and delivers them in order after connect', () => {
    marbles(({ cold }, scheduler) => {
      const { server, served$, page } = setup(scheduler);
      served$.subscribe();
      page.next(request(1));
      page.next(request(2));
      cold('5ms a').subscribe(() => page.subscribe());
      cold('7ms a').subscribe(() => page.next(request(3)));
      scheduler.schedule(() => {
        expect(server.connections[0].received).toEqual([
          { time: 6, message: request(1) },
          { time: 6, message: request(2) },
          { time: 8, message: request(3) },
        ]);
      }, 20);
    });
  });

  it('shares one connection between subscribers: every message to each, one server subscription', () => {
    marbles(({ expectObservable, cold }, scheduler) => {
      const { server, served$, page } = setup(scheduler);
      served$.subscribe();
      expectObservable(page, '^ 30ms !').toBe('11ms a 9ms b', { a: notification(1), b: notification(2) });
      expectObservable(page, '5ms ^ 9ms !').toBe('11ms a', { a: notification(1) });
      cold('10ms a 9ms b').subscribe((n) => server.emit(notification(n === 'a' ? 1 : 2)));
      scheduler.schedule(() => {
        expect(server.connections.map((c) => [c.start, c.end])).toEqual([
          [1, { time: 32, how: 'unsubscribed' }],
        ]);
      }, 40);
    });
  });

  it('reconnects after the page left: a new subscription subscribes the server afresh', () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page } = setup(scheduler);
      const events = record(scheduler, served$.pipe(map(brief)));
      const first = page.subscribe();
      scheduler.schedule(() => first.unsubscribe(), 10);
      scheduler.schedule(() => page.subscribe(), 12);
      scheduler.schedule(() => {
        expect(events.rows).toEqual([
          [1, 'next', 'connected'],
          [11, 'next', 'disconnected:page'],
          [13, 'next', 'connected'],
        ]);
        expect(server.connections.map((c) => [c.start, c.end?.time])).toEqual([
          [1, 11],
          [13, undefined],
        ]);
      }, 30);
    });
  });

  it("drops what arrives for an earlier connection: a message read before the owner's `connected`", () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page } = setup(scheduler, { latency: 3 });
      served$.subscribe();
      const first = page.subscribe();
      // The server writes at 10 (arrives at 13); the page left at 11 and reconnected at 12.
      scheduler.schedule(() => server.emit(notification(1)), 10);
      scheduler.schedule(() => first.unsubscribe(), 11);
      const second = record(
        scheduler,
        new Observable((s) => scheduler.schedule(() => page.subscribe(s), 12)),
      );
      scheduler.schedule(() => server.emit(notification(2)), 20);
      scheduler.schedule(() => {
        expect(second.rows).toEqual([[23, 'next', notification(2)]]);
      }, 40);
    });
  });

  it('ignores what the owner still says about a connection the page has left: its end, its connected', () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page } = setup(scheduler, { latency: 3 });
      served$.subscribe();
      const first = page.subscribe();
      scheduler.schedule(() => first.unsubscribe(), 10);
      const second = record(
        scheduler,
        new Observable((s) => scheduler.schedule(() => page.subscribe(s), 11)),
      );
      // The first server crashes before the owner hears the page leave: its `end` reaches the page
      // (at 15) while its second connection waits for its own `connected` (at 17).
      scheduler.schedule(() => server.crash(new Error('crashed')), 12);
      scheduler.schedule(() => server.emit(notification(1)), 20);
      scheduler.schedule(() => {
        expect(second.rows).toEqual([[23, 'next', notification(1)]]);
        expect(server.connections.map((c) => [c.start, c.end?.time])).toEqual([
          [3, 12],
          [14, undefined],
        ]);
      }, 40);
    });
  });

  it("completes the page when the server exits cleanly, and errors it with the server's error name and message", () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page } = setup(scheduler);
      const events = record(scheduler, served$.pipe(map(brief)));
      const clean = record(scheduler, page);
      scheduler.schedule(() => server.exit(), 5);
      const crashed: Row[] = [];
      scheduler.schedule(() => record(scheduler, page, crashed), 10);
      const exitError = Object.assign(new Error('The server exited with code 3'), {
        name: 'StdioServerExitError',
      });
      scheduler.schedule(() => server.crash(exitError), 15);
      scheduler.schedule(() => {
        expect(clean.rows).toEqual([[6, 'complete']]);
        expect(crashed).toEqual([
          [
            16,
            'error',
            {
              reason: 'remote',
              message: 'The server exited with code 3',
              remoteName: 'StdioServerExitError',
            },
          ],
        ]);
        expect(events.rows.map(([time, , e]) => [time, e])).toEqual([
          [1, 'connected'],
          [5, 'disconnected:complete'],
          [11, 'connected'],
          [15, 'disconnected:error'],
        ]);
      }, 30);
    });
  });

  it('complete() is the polite goodbye: the server completes its input, then the page completes', () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page } = setup(scheduler, {}, 0, 7);
      served$.subscribe();
      const rows = record(scheduler, page).rows;
      scheduler.schedule(() => page.next(request(1)), 4);
      scheduler.schedule(() => page.complete(), 5);
      scheduler.schedule(() => page.next(request(2)), 6);
      scheduler.schedule(() => {
        // complete() arrives at 6; the server exits 7 ms later; the owner's `end` arrives at 14.
        expect(server.connections).toEqual([
          {
            start: 1,
            end: { time: 13, how: 'completed' },
            received: [{ time: 5, message: request(1) }],
            completeCalledAt: 6,
          },
        ]);
        expect(rows).toEqual([[14, 'complete']]);
      }, 30);
    });
  });

  it('complete() before the owner answered the connect: the server still gets it in order, nothing is reported', () => {
    marbles((_helpers, scheduler) => {
      const [pagePort, ownerPort] = fakePortPair(scheduler, { latency: 2 });
      const server = recordingServer(scheduler, 3);
      serveMessagePort(ownerPort, server, { scheduler, heartbeat: 0 }).subscribe();
      const reports: unknown[] = [];
      const page = fromMessagePort(pagePort, {
        scheduler,
        timeout: 50,
        malformedObserver: { next: (m) => reports.push(m) },
      });
      const rows = record(scheduler, page).rows;
      page.next(request(1));
      page.complete();
      scheduler.schedule(() => {
        // connect, the message and complete() arrive at 2; the server exits at 5; `end` arrives at 7.
        expect(server.connections).toEqual([
          {
            start: 2,
            end: { time: 5, how: 'completed' },
            received: [{ time: 2, message: request(1) }],
            completeCalledAt: 2,
          },
        ]);
        expect(rows).toEqual([[7, 'complete']]);
        expect(reports).toEqual([]);
      }, 100);
    });
  });

  it('error(e) errors the subscribers with e and drops the server', () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page } = setup(scheduler);
      served$.subscribe();
      const rows = record(scheduler, page).rows;
      scheduler.schedule(() => page.error(new TypeError('the app gave up')), 5);
      scheduler.schedule(() => {
        expect(rows).toEqual([[5, 'error', 'TypeError']]);
        expect(server.connections.map((c) => c.end)).toEqual([{ time: 6, how: 'unsubscribed' }]);
      }, 20);
    });
  });

  it('a message JSON cannot carry errors the connection with the serializer error and drops the server', () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page } = setup(scheduler);
      served$.subscribe();
      const rows = record(scheduler, page).rows;
      scheduler.schedule(() => page.next({ jsonrpc: '2.0', id: 1, method: 'x', params: { n: 1n } }), 5);
      scheduler.schedule(() => {
        expect(rows).toEqual([[5, 'error', 'TypeError']]);
        expect(server.connections.map((c) => [c.received, c.end])).toEqual([
          [[], { time: 6, how: 'unsubscribed' }],
        ]);
      }, 20);
    });
  });

  it('errors with reason timeout when no owner answers the connect, and when the server does not end after complete()', () => {
    marbles((_helpers, scheduler) => {
      const [pagePort] = fakePortPair(scheduler);
      const unserved = record(scheduler, fromMessagePort(pagePort, { scheduler, timeout: 50 }));
      const { served$, page } = setup(scheduler, {}, 0, 1_000);
      served$.subscribe();
      const slow = record(scheduler, page);
      scheduler.schedule(() => page.complete(), 10);
      scheduler.schedule(() => {
        expect(unserved.rows).toEqual([
          [
            50,
            'error',
            {
              reason: 'timeout',
              message:
                'No answer to connect on the MessagePort within 50 ms: is its other end served with serveMessagePort()?',
              remoteName: undefined,
            },
          ],
        ]);
        expect(slow.rows).toEqual([[60, 'error', expect.objectContaining({ reason: 'timeout' })]]);
      }, 100);
    });
  });

  it('when the owner stops serving, the page errors with reason closed, and so does every later subscription', () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page, pagePort, ownerPort } = setup(scheduler);
      const serving = served$.subscribe();
      const rows = record(scheduler, page).rows;
      scheduler.schedule(() => serving.unsubscribe(), 10);
      const later: Row[] = [];
      scheduler.schedule(() => record(scheduler, page, later), 20);
      scheduler.schedule(() => {
        const closed = {
          reason: 'closed',
          message: 'The MessagePort was closed by its owner',
          remoteName: undefined,
        };
        expect(rows).toEqual([[11, 'error', closed]]);
        expect(later).toEqual([[20, 'error', closed]]);
        expect(server.connections.map((c) => c.end)).toEqual([{ time: 10, how: 'unsubscribed' }]);
        expect([pagePort.closed, ownerPort.closed]).toEqual([true, true]);
        expect([pagePort.listenerCount('message'), ownerPort.listenerCount('message')]).toEqual([0, 0]);
      }, 30);
    });
  });

  it("the owner's realm going away (a port that reports it) errors the page with reason closed", () => {
    marbles((_helpers, scheduler) => {
      const { served$, page, pagePort, ownerPort } = setup(scheduler, { style: 'dom', closeEvent: true });
      served$.subscribe();
      const rows = record(scheduler, page).rows;
      scheduler.schedule(() => ownerPort.destroy(), 10);
      scheduler.schedule(() => {
        expect(rows).toEqual([
          [
            11,
            'error',
            {
              reason: 'closed',
              message: 'The MessagePort was closed: the other side went away',
              remoteName: undefined,
            },
          ],
        ]);
        expect(pagePort.closed).toBe(true);
      }, 30);
    });
  });

  it('a port that throws on postMessage counts as closed, on either side', () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page, pagePort, ownerPort } = setup(scheduler);
      const events = record(scheduler, served$.pipe(map(brief)));
      const rows = record(scheduler, page).rows;
      scheduler.schedule(() => {
        ownerPort.throwOnPost = new Error('port closed');
        server.emit(notification(1));
      }, 5);
      scheduler.schedule(() => {
        pagePort.throwOnPost = new Error('port closed');
        page.next(request(1));
      }, 10);
      scheduler.schedule(() => {
        expect(events.rows).toEqual([
          [1, 'next', 'connected'],
          [5, 'next', 'disconnected:closed'],
          [5, 'complete'],
        ]);
        expect(rows).toEqual([
          [
            10,
            'error',
            {
              reason: 'closed',
              message: 'The MessagePort refused a message: it is closed',
              remoteName: undefined,
            },
          ],
        ]);
      }, 30);
    });
  });

  it("a server message JSON cannot carry is reported and skipped; a server's non-Error failure keeps its text", () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page } = setup(scheduler);
      const events = record(scheduler, served$.pipe(map(brief)));
      const rows = record(scheduler, page).rows;
      scheduler.schedule(() => {
        server.emit({ jsonrpc: '2.0', method: 'x', params: { n: 1n } });
        server.emit(notification(2));
      }, 5);
      scheduler.schedule(() => server.crash('out of paper'), 8);
      scheduler.schedule(() => {
        expect(events.rows.map(([, , e]) => e)).toEqual([
          'connected',
          'malformed:a message of the server JSON cannot carry (TypeError: Do not know how to serialize a BigInt)',
          'disconnected:error',
        ]);
        expect(rows).toEqual([
          [6, 'next', notification(2)],
          [9, 'error', { reason: 'remote', message: 'out of paper', remoteName: 'Error' }],
        ]);
      }, 30);
    });
  });

  it.each<[string, FakePortOptions]>([
    ['Electron (emitter events)', { style: 'emitter', closeEvent: true }],
    ['worker_threads (DOM events with close)', { style: 'dom', closeEvent: true }],
  ])("%s: the page's realm going away ends the connection and the serving at once", (_name, options) => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page, pagePort } = setup(scheduler, options);
      const events = record(scheduler, served$.pipe(map(brief)));
      page.subscribe();
      scheduler.schedule(() => pagePort.destroy(), 10);
      scheduler.schedule(() => {
        expect(events.rows).toEqual([
          [1, 'next', 'connected'],
          [11, 'next', 'disconnected:closed'],
          [11, 'complete'],
        ]);
        expect(server.connections.map((c) => c.end)).toEqual([{ time: 11, how: 'unsubscribed' }]);
      }, 30);
    });
  });

  it('a page that stops answering (a Web port says nothing when a worker is terminated) is dropped at the next ping', () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page, pagePort, ownerPort } = setup(
        scheduler,
        { style: 'dom', closeEvent: false },
        10,
      );
      const events = record(scheduler, served$.pipe(map(brief)));
      page.subscribe();
      // Pings at 11 and 21 are answered; the page dies at 25; the ping at 31 goes unanswered,
      // so the owner gives up at 41.
      scheduler.schedule(() => pagePort.destroy(), 25);
      scheduler.schedule(() => {
        expect(events.rows).toEqual([
          [1, 'next', 'connected'],
          [41, 'next', 'disconnected:unresponsive'],
          [41, 'complete'],
        ]);
        expect(server.connections.map((c) => c.end)).toEqual([{ time: 41, how: 'unsubscribed' }]);
        expect(ownerPort.closed).toBe(true);
      }, 100);
    });
  });

  it('a page too slow to answer a ping in time is taken for gone: its server dropped, the port closed', () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page } = setup(scheduler, { latency: 6 }, 10);
      const events = record(scheduler, served$.pipe(map(brief)));
      const rows = record(scheduler, page).rows;
      // Connect arrives at 6; the ping of 16 reaches the page at 22, its answer the owner at 28,
      // after the owner's next tick (26).
      scheduler.schedule(() => {
        expect(events.rows).toEqual([
          [6, 'next', 'connected'],
          [26, 'next', 'disconnected:unresponsive'],
          [26, 'complete'],
        ]);
        expect(server.connections.map((c) => c.end)).toEqual([{ time: 26, how: 'unsubscribed' }]);
        expect(rows).toEqual([
          [
            32,
            'error',
            { reason: 'closed', message: 'The MessagePort was closed by its owner', remoteName: undefined },
          ],
        ]);
      }, 100);
    });
  });

  it('a busy page that answers each ping in time keeps its server; the pings stop with the connection', () => {
    marbles((_helpers, scheduler) => {
      const { server, served$, page, ownerPort } = setup(scheduler, { latency: 4 }, 10);
      served$.subscribe();
      const connection = page.subscribe();
      scheduler.schedule(() => connection.unsubscribe(), 95);
      scheduler.schedule(() => {
        expect(server.connections.map((c) => c.end)).toEqual([{ time: 99, how: 'unsubscribed' }]);
        const pings = ownerPort.posted.filter(
          (m) =>
            typeof m === 'object' && m !== null && (m as { rxjsMcpPort?: string }).rxjsMcpPort === 'ping',
        );
        expect(pings).toHaveLength(9);
      }, 300);
    });
  });

  it('one subject per port, one port per server: a second one is refused with McpTransportInUseError', () => {
    marbles((_helpers, scheduler) => {
      const { served$, page, pagePort, server } = setup(scheduler);
      served$.subscribe();
      page.subscribe();
      const secondSubject = record(scheduler, fromMessagePort(pagePort, { scheduler }));
      const [, otherOwnerPort] = fakePortPair(scheduler);
      const secondServing = record(scheduler, serveMessagePort(otherOwnerPort, server, { scheduler }));
      expect(secondSubject.rows).toEqual([[0, 'error', 'McpTransportInUseError']]);
      expect(secondServing.rows).toEqual([[0, 'error', 'McpTransportInUseError']]);
    });
  });

  it('starts the ports and removes every listener at the end', () => {
    marbles((_helpers, scheduler) => {
      const { served$, page, pagePort, ownerPort } = setup(scheduler, { style: 'emitter', closeEvent: true });
      const serving: Subscription = served$.subscribe();
      const connection = page.subscribe();
      scheduler.schedule(() => {
        expect([pagePort.starts, ownerPort.starts]).toEqual([1, 1]);
        expect([pagePort.listenerCount('message'), ownerPort.listenerCount('message')]).toEqual([1, 1]);
        connection.unsubscribe();
        serving.unsubscribe();
        expect(
          ['message', 'close'].map((t) => pagePort.listenerCount(t) + ownerPort.listenerCount(t)),
        ).toEqual([0, 0]);
      }, 5);
    });
  });
});
