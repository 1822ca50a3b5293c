/**
 * A model test of queueing and closing (fast-check): random runs of a page and an owner on a fake
 * port pair, in virtual time, with random latency, event style and timing: the page sends,
 * subscribes and unsubscribes (up to three consumers at once), the server sends, and either end
 * may close (the owner stops serving, or the page's realm goes away). After each run:
 *
 * - page → server: the server gets the page's messages in the order sent, none twice, each in the
 *   server connection of the page connection it was sent (or queued) for; none sent after the
 *   close; and every one posted early enough to arrive before the close does arrive (a message
 *   sent before any subscriber waits for the next connection);
 * - server → page: each consumer gets the messages in order, none twice, only from its own
 *   connection's server, and every one that arrives while it is subscribed and before the close.
 */
import fc from 'fast-check';
import type { Subscription } from 'rxjs';
import { fromMessagePort, serveMessagePort } from '../../lib/port/index.js';
import { newTestScheduler } from '../support/marbles.js';
import { fakePortPair, recordingServer, request } from './fakePorts.js';

type Op =
  | { kind: 'subscribe' }
  | { kind: 'unsubscribe'; which: number }
  | { kind: 'pageSend' }
  | { kind: 'serverSend' }
  | { kind: 'close'; side: 'page' | 'owner' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Op>({ kind: 'subscribe' }) },
  { weight: 2, arbitrary: fc.nat(2).map<Op>((which) => ({ kind: 'unsubscribe', which })) },
  { weight: 5, arbitrary: fc.constant<Op>({ kind: 'pageSend' }) },
  { weight: 5, arbitrary: fc.constant<Op>({ kind: 'serverSend' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Op>({ kind: 'close', side: 'page' }, { kind: 'close', side: 'owner' }),
  },
);

const runArb = fc.record({
  latency: fc.integer({ min: 1, max: 3 }),
  style: fc.constantFrom<'dom' | 'emitter'>('dom', 'emitter'),
  steps: fc.array(fc.tuple(fc.nat(3), opArb), { maxLength: 40 }),
});

/** One consumer of the page's subject. */
interface Consumer {
  connection: number;
  from: number;
  to: number | null;
  received: { id: number; time: number }[];
  subscription: Subscription | null;
}

describe('queueing and closing of a port (model)', () => {
  it('never loses, repeats, reorders or misdelivers a message before the close, nor delivers one after', () => {
    fc.assert(
      fc.property(runArb, ({ latency, style, steps }) => {
        const scheduler = newTestScheduler();
        // Ports that report the other side's end: the owner hears a page that went away at once.
        const [pagePort, ownerPort] = fakePortPair(scheduler, { latency, style, closeEvent: true });
        const server = recordingServer(scheduler);
        const page = fromMessagePort(pagePort, { scheduler, timeout: 50 });
        const serving = serveMessagePort(ownerPort, server, { scheduler, heartbeat: 0 }).subscribe();

        let nextId = 0;
        let pageConnections = 0;
        let closeTime = Infinity;
        /** Ops run in sequence; several may share a virtual time. */
        let step = 0;
        let closeStep = Infinity;
        let closedSide: 'page' | 'owner' | null = null;
        const consumers: Consumer[] = [];
        /** Page messages: when sent, and for which page connection (queued: the next one). */
        const pageSent: { id: number; time: number; step: number; connection: number }[] = [];
        /** Server messages: when sent, and by which server connection. */
        const serverSent: { id: number; time: number; connection: number }[] = [];
        const active = () => consumers.filter((c) => c.to === null);

        let time = 0;
        for (const [wait, op] of steps) {
          time += wait;
          scheduler.schedule(() => {
            const now = scheduler.now();
            step++;
            if (closedSide === 'page') return; // the page's realm is gone: nothing runs there
            switch (op.kind) {
              case 'subscribe': {
                const connection = active().length === 0 ? ++pageConnections : pageConnections;
                const consumer: Consumer = {
                  connection,
                  from: now,
                  to: null,
                  received: [],
                  subscription: null,
                };
                consumers.push(consumer);
                const end = () => {
                  consumer.to ??= scheduler.now();
                };
                consumer.subscription = page.subscribe({
                  next: (m) => consumer.received.push({ id: Number(m.id), time: scheduler.now() }),
                  error: end,
                  complete: end,
                });
                return;
              }
              case 'unsubscribe': {
                const consumer = active()[op.which];
                if (consumer === undefined) return;
                consumer.to = now;
                consumer.subscription?.unsubscribe();
                return;
              }
              case 'pageSend': {
                const id = nextId++;
                pageSent.push({
                  id,
                  time: now,
                  step,
                  connection: active().length > 0 ? pageConnections : pageConnections + 1,
                });
                page.next(request(id));
                return;
              }
              case 'serverSend': {
                const live = server.connections.findIndex((c) => c.end === null);
                const id = nextId++;
                if (live >= 0) serverSent.push({ id, time: now, connection: live + 1 });
                server.emit(request(id));
                return;
              }
              case 'close':
                if (closedSide !== null) return;
                closedSide = op.side;
                closeTime = now;
                closeStep = step;
                if (op.side === 'page') {
                  for (const consumer of active()) consumer.to = now;
                  pagePort.destroy();
                } else serving.unsubscribe();
            }
          }, time);
        }
        // The end of the run: every consumer leaves and the owner stops serving.
        scheduler.schedule(() => {
          for (const consumer of active()) consumer.subscription?.unsubscribe();
          serving.unsubscribe();
        }, time + 200);
        scheduler.flush();

        // page → server
        const received = server.connections.flatMap((c, index) =>
          c.received.map((r) => ({ id: Number(r.message.id), time: r.time, connection: index + 1 })),
        );
        const receivedIds = received.map((r) => r.id);
        expect(receivedIds).toEqual([...receivedIds].sort((a, b) => a - b));
        expect(new Set(receivedIds).size).toBe(receivedIds.length);
        for (const r of received) {
          const sent = pageSent.find((s) => s.id === r.id);
          expect(sent).toBeDefined();
          expect(sent?.step).toBeLessThan(closeStep);
          expect(r.connection).toBe(sent?.connection);
        }
        for (const sent of pageSent) {
          // Posted when sent, or (queued) when the next consumer connected.
          const posted =
            consumers.find((c) => c.connection === sent.connection && c.from >= sent.time)?.from ?? null;
          const postedAt =
            sent.connection <= pageConnections && posted !== null ? Math.max(sent.time, posted) : null;
          const wasConnected = consumers.some((c) => c.connection === sent.connection && c.from <= sent.time);
          const at = wasConnected ? sent.time : postedAt;
          if (at !== null && at + latency < closeTime) expect(receivedIds).toContain(sent.id);
        }

        // server → page
        for (const consumer of consumers) {
          const ids = consumer.received.map((r) => r.id);
          expect(ids).toEqual([...ids].sort((a, b) => a - b));
          expect(new Set(ids).size).toBe(ids.length);
          for (const r of consumer.received) {
            expect(serverSent.find((s) => s.id === r.id)?.connection).toBe(consumer.connection);
            expect(r.time).toBeLessThan(closeTime + latency + 1);
            if (consumer.to !== null) expect(r.time).toBeLessThanOrEqual(consumer.to);
          }
          for (const sent of serverSent) {
            const arrives = sent.time + latency;
            const subscribed = consumer.from <= arrives && (consumer.to === null || consumer.to > arrives);
            if (sent.connection === consumer.connection && subscribed && arrives < closeTime) {
              expect(ids).toContain(sent.id);
            }
          }
        }
      }),
      {
        numRuns: 1500,
        examples: [
          // Found by this test: the owner's `connected` for a connection the page had already
          // left was taken for the next one's, and the old server's message delivered to it.
          [
            {
              latency: 2,
              style: 'dom',
              steps: [
                [0, { kind: 'subscribe' }],
                [1, { kind: 'serverSend' }],
                [0, { kind: 'unsubscribe', which: 0 }],
                [2, { kind: 'subscribe' }],
                [0, { kind: 'serverSend' }],
              ],
            },
          ],
        ],
      },
    );
  });
});
