/**
 * Hostile peers, in virtual time: a page that posts anything to the owner's port (a compromised
 * renderer), and an owner that posts anything to the page's. Every message that is not a
 * JSON-RPC message or a signal that makes sense is reported and skipped; the connection and
 * the serving go on, and the good messages after the bad ones still arrive.
 */
import { map, type SchedulerLike } from 'rxjs';
import {
  fromMessagePort,
  MessagePortError,
  serveMessagePort,
  type MalformedPortMessage,
  type MessagePortServeEvent,
} from '../../lib/port/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { marbles } from '../support/marbles.js';
import { fakePortPair, notification, recordingServer, request } from './fakePorts.js';

const signal = (name: unknown, fields: Record<string, unknown> = {}) => ({ rxjsMcpPort: name, ...fields });

/** Garbage a peer may post, each with the reason it is reported under. */
const GARBAGE: [unknown, string][] = [
  [42, 'not a JSON-RPC message (a string of JSON text) nor a signal'],
  [null, 'not a JSON-RPC message (a string of JSON text) nor a signal'],
  [{ jsonrpc: '2.0', id: 1, method: 'ping' }, 'not a JSON-RPC message (a string of JSON text) nor a signal'],
  [['connect'], 'not a JSON-RPC message (a string of JSON text) nor a signal'],
  [{ big: 1n }, 'not a JSON-RPC message (a string of JSON text) nor a signal'],
  ['not json', 'not JSON'],
  ['{"jsonrpc":"2.0","id":1', 'not JSON'],
  ['[1,2]', 'not a JSON-RPC 2.0 message'],
  ['{"jsonrpc":"1.0","id":1,"method":"ping"}', 'not a JSON-RPC 2.0 message'],
  ['{"jsonrpc":"2.0","method":7}', 'not a JSON-RPC 2.0 message'],
  ['{"jsonrpc":"2.0","id":1}', 'not a JSON-RPC 2.0 message'],
  ['"a string"', 'not a JSON-RPC 2.0 message'],
  [signal(5), 'a signal with fields of the wrong type'],
  [signal('connected', { heartbeat: 'soon' }), 'a signal with fields of the wrong type'],
  [signal('connect', { connection: 1.5 }), 'a signal with fields of the wrong type'],
  [signal('end', { error: 'boom' }), 'a signal with fields of the wrong type'],
  [
    signal('end', { error: { name: 'E', message: 'x'.repeat(70_000) } }),
    'a signal with fields of the wrong type',
  ],
  [signal('bogus'), "an unexpected signal 'bogus'"],
];

/** A page's end and a served owner's end (no heartbeat), with the server and what serving emits. */
function servedPair(scheduler: SchedulerLike) {
  const [pagePort, ownerPort] = fakePortPair(scheduler);
  const server = recordingServer(scheduler);
  const served = { pagePort, ownerPort, server, events: [] as MessagePortServeEvent[], completed: false };
  serveMessagePort(ownerPort, server, { scheduler, heartbeat: 0 }).subscribe({
    next: (e) => served.events.push(e),
    complete: () => (served.completed = true),
  });
  return served;
}

describe('a hostile page', () => {
  it('gets every bad message reported and skipped; its good messages still reach the server', () => {
    marbles((_helpers, scheduler) => {
      const served = servedPair(scheduler);
      const { pagePort, server, events } = served;
      // Before any connect: a frame is refused, not forwarded.
      pagePort.postMessage(JSON.stringify(request(0)));
      for (const [message] of GARBAGE) pagePort.postMessage(message);
      pagePort.postMessage(signal('connect'));
      pagePort.postMessage(signal('connect'));
      pagePort.postMessage(signal('ping'));
      for (const [message] of GARBAGE) pagePort.postMessage(message);
      pagePort.postMessage(JSON.stringify(request(1)));
      scheduler.schedule(() => {
        const reasons = events.map((e) => (e.type === 'malformed' ? e.reason : e.type));
        const garbage = GARBAGE.map(([, reason]) => reason);
        expect(reasons).toEqual([
          'a message outside a connection',
          ...garbage,
          'connected',
          'a connect while connected',
          "an unexpected signal 'ping'",
          ...garbage,
        ]);
        expect(server.connections.map((c) => c.received.map((r) => r.message))).toEqual([[request(1)]]);
        expect(served.completed).toBe(false);
      }, 10);
    });
  });

  it('cuts a long message to a preview of 256 characters', () => {
    marbles((_helpers, scheduler) => {
      const [pagePort, ownerPort] = fakePortPair(scheduler);
      const reports: MessagePortServeEvent[] = [];
      serveMessagePort(ownerPort, recordingServer(scheduler), { scheduler, heartbeat: 0 }).subscribe((e) =>
        reports.push(e),
      );
      pagePort.postMessage('x'.repeat(1_000_000));
      scheduler.schedule(() => {
        expect(reports).toEqual([{ type: 'malformed', reason: 'not JSON', preview: 'x'.repeat(256) }]);
      }, 5);
    });
  });

  it('a flood of 20,000 bad messages between good ones: every one reported, nothing else lost', () => {
    marbles((_helpers, scheduler) => {
      const [pagePort, ownerPort] = fakePortPair(scheduler);
      const server = recordingServer(scheduler);
      let malformed = 0;
      serveMessagePort(ownerPort, server, { scheduler, heartbeat: 0 }).subscribe((e) => {
        if (e.type === 'malformed') malformed++;
      });
      pagePort.postMessage(signal('connect'));
      for (let i = 0; i < 20_000; i++) {
        pagePort.postMessage(i % 2 === 0 ? '{bad' : { rxjsMcpPort: 'bogus' });
        if (i % 1000 === 0) pagePort.postMessage(JSON.stringify(request(i)));
      }
      scheduler.schedule(() => {
        expect(malformed).toBe(20_000);
        expect(server.connections[0].received.map((r) => r.message.id)).toEqual(
          Array.from({ length: 20 }, (_, k) => k * 1000),
        );
      }, 10);
    });
  });

  it('previews what JSON cannot show by its type', () => {
    marbles((_helpers, scheduler) => {
      const [pagePort, ownerPort] = fakePortPair(scheduler);
      const reports: MessagePortServeEvent[] = [];
      serveMessagePort(ownerPort, recordingServer(scheduler), { scheduler, heartbeat: 0 }).subscribe((e) =>
        reports.push(e),
      );
      pagePort.postMessage({ big: 1n });
      pagePort.postMessage(undefined);
      scheduler.schedule(() => {
        expect(reports.map((r) => r.type === 'malformed' && r.preview)).toEqual([
          '[object Object]',
          'undefined',
        ]);
      }, 5);
    });
  });

  it('an Electron-style message event without data is reported', () => {
    marbles((_helpers, scheduler) => {
      const [, ownerPort] = fakePortPair(scheduler, { style: 'emitter' });
      const reports: MessagePortServeEvent[] = [];
      serveMessagePort(ownerPort, recordingServer(scheduler), { scheduler, heartbeat: 0 }).subscribe((e) =>
        reports.push(e),
      );
      ownerPort.fireRawMessage('bare');
      expect(reports).toEqual([
        {
          type: 'malformed',
          reason: 'not a JSON-RPC message (a string of JSON text) nor a signal',
          preview: 'undefined',
        },
      ]);
    });
  });

  it("a close signal from the page is not the page's to send: reported, the serving goes on", () => {
    marbles((_helpers, scheduler) => {
      const [pagePort, ownerPort] = fakePortPair(scheduler);
      const reports: string[] = [];
      let completed = false;
      serveMessagePort(ownerPort, recordingServer(scheduler), { scheduler, heartbeat: 0 }).subscribe({
        next: (e) => reports.push(e.type === 'malformed' ? e.reason : e.type),
        complete: () => (completed = true),
      });
      pagePort.postMessage(signal('close'));
      scheduler.schedule(() => {
        expect(reports).toEqual(["an unexpected signal 'close'"]);
        expect([completed, ownerPort.closed]).toEqual([false, false]);
      }, 5);
    });
  });

  it('a message the port could not deserialize is reported', () => {
    marbles((_helpers, scheduler) => {
      const [, ownerPort] = fakePortPair(scheduler);
      const reports: MessagePortServeEvent[] = [];
      serveMessagePort(ownerPort, recordingServer(scheduler), { scheduler, heartbeat: 0 }).subscribe((e) =>
        reports.push(e),
      );
      ownerPort.fireMessageError();
      expect(reports).toEqual([
        { type: 'malformed', reason: 'a message that could not be deserialized', preview: '' },
      ]);
    });
  });
});

describe('a page that connects in a loop', () => {
  const refusedReason = 'More than 10 connects in 10000 ms: this one was refused';

  it('starts the server for the first 10 connects in 10 s and refuses the rest, each told; later ones are taken again', () => {
    marbles((_helpers, scheduler) => {
      const served = servedPair(scheduler);
      const { pagePort, ownerPort, server, events } = served;
      for (let connection = 1; connection <= 1000; connection++) {
        pagePort.postMessage(signal('connect', { connection }));
        pagePort.postMessage(signal('disconnect'));
      }
      scheduler.schedule(() => {
        expect(server.connections).toHaveLength(10);
        expect(server.connections.every((c) => c.end?.how === 'unsubscribed')).toBe(true);
        const refused = events.filter((e) => e.type === 'malformed');
        expect(refused).toHaveLength(990);
        expect(new Set(refused.map((e) => (e.type === 'malformed' ? e.reason : '')))).toEqual(
          new Set([refusedReason]),
        );
        // Each refused connect is told, by its number: the page's subject errors instead of waiting.
        const ends = ownerPort.posted.filter(
          (m) => (m as { rxjsMcpPort?: string }).rxjsMcpPort === 'end',
        ) as { connection: number; error?: { message: string } }[];
        expect(ends.filter((e) => e.error !== undefined).map((e) => e.connection)).toEqual(
          Array.from({ length: 990 }, (_, i) => i + 11),
        );
        expect(served.completed).toBe(false);
      }, 5);
      // Ten seconds after the first connect, the next one is taken and its server started.
      scheduler.schedule(() => {
        pagePort.postMessage(signal('connect', { connection: 1001 }));
        pagePort.postMessage(JSON.stringify(request(1)));
      }, 10_000);
      scheduler.schedule(() => {
        expect(server.connections).toHaveLength(11);
        expect(server.connections[10]?.received.map((r) => r.message)).toEqual([request(1)]);
        expect(events.at(-1)).toEqual({ type: 'connected' });
      }, 10_010);
    });
  });

  it("two consumers share each connection: the eleventh in 10 s errors both with the owner's refusal; the next after the window works", () => {
    marbles((_helpers, scheduler) => {
      const { pagePort, server } = servedPair(scheduler);
      const page = fromMessagePort(pagePort, { scheduler });
      const errors: unknown[] = [];
      for (let i = 0; i < 11; i++) {
        scheduler.schedule(() => {
          const consumers = [0, 1].map(() => page.subscribe({ error: (e: unknown) => errors.push(e) }));
          scheduler.schedule(() => {
            for (const consumer of consumers) consumer.unsubscribe();
          }, 5);
        }, i * 10);
      }
      scheduler.schedule(() => {
        expect(server.connections).toHaveLength(10);
        const refused = new MessagePortError('remote', refusedReason, 'MessagePortError');
        expect(errors).toEqual([refused, refused]);
        expect(errors[0]).toMatchObject({ reason: 'remote', remoteName: 'MessagePortError' });
        page.subscribe({ error: (e: unknown) => errors.push(e) });
        page.next(request(2));
      }, 10_000);
      scheduler.schedule(() => {
        expect(errors).toHaveLength(2);
        expect(server.connections).toHaveLength(11);
        expect(server.connections[10]?.received.map((r) => r.message)).toEqual([request(2)]);
      }, 10_020);
    });
  });

  it('counts the last 10 s: ten connects a millisecond apart leave room for one more 10 s after the first', () => {
    marbles((_helpers, scheduler) => {
      const { pagePort, server } = servedPair(scheduler);
      const connectAndLeave = (connection: number): void => {
        pagePort.postMessage(signal('connect', { connection }));
        pagePort.postMessage(signal('disconnect'));
      };
      for (let i = 0; i < 10; i++) scheduler.schedule(() => connectAndLeave(i + 1), i);
      // At 10 s the first connect left the window, the second (at 1 ms) has not: one is taken.
      scheduler.schedule(() => {
        connectAndLeave(11);
        connectAndLeave(12);
      }, 10_000);
      // (Each connect arrives 1 ms after it is posted.)
      scheduler.schedule(() => {
        expect(server.connections.map((c) => c.start)).toEqual([
          ...Array.from({ length: 10 }, (_, i) => i + 1),
          10_001,
        ]);
      }, 10_010);
    });
  });

  it.each([0, -1, Number.NaN, 0.5])('refuses maxConnects %p with a RangeError', (maxConnects) => {
    marbles((_helpers, scheduler) => {
      const [, ownerPort] = fakePortPair(scheduler);
      expect(() => serveMessagePort(ownerPort, recordingServer(scheduler), { maxConnects })).toThrow(
        new RangeError(`serveMessagePort(): maxConnects must be 1 or more, not ${String(maxConnects)}`),
      );
    });
  });
});

describe('a hostile owner', () => {
  it("gets every bad message reported to malformedObserver; the page's session messages go on", () => {
    marbles(({ expectObservable }, scheduler) => {
      const [pagePort, ownerPort] = fakePortPair(scheduler);
      const reports: MalformedPortMessage[] = [];
      const page = fromMessagePort(pagePort, {
        scheduler,
        malformedObserver: { next: (m) => reports.push(m) },
      });
      // The owner answers the connect, then mixes garbage with real messages.
      scheduler.schedule(() => {
        ownerPort.postMessage(signal('connected', { connection: 1, heartbeat: 0 }));
        for (const [message] of GARBAGE) ownerPort.postMessage(message);
        ownerPort.postMessage(signal('connected', { connection: 1 }));
        // About another connection: ignored without a word (it may be an earlier one's).
        ownerPort.postMessage(signal('end', { connection: 7 }));
        ownerPort.postMessage(JSON.stringify(notification(1)));
        ownerPort.postMessage(signal('connect'));
      }, 1);
      scheduler.schedule(() => {
        pagePort.fireMessageError();
        ownerPort.postMessage(JSON.stringify(notification(2)));
      }, 3);
      expectObservable(page.pipe(map((m: JsonRpcMessage) => m.params)), '^ 10ms !').toBe('2ms a 1ms b', {
        a: { n: 1 },
        b: { n: 2 },
      });
      scheduler.schedule(() => {
        expect(reports.map((r) => r.reason)).toEqual([
          ...GARBAGE.map(([, reason]) => reason),
          "an unexpected signal 'connected'",
          "an unexpected signal 'connect'",
          'a message that could not be deserialized',
        ]);
      }, 5);
    });
  });
});
