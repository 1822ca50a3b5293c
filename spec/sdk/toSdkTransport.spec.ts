import type { Transport as V1Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Transport as V2Transport } from '@modelcontextprotocol/client';
import { config, Observable, Subject, VirtualTimeScheduler, type Observer } from 'rxjs';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { advance } from '../support/marbles.js';
import { waitFor } from '../support/wait.js';
import { toSdkTransport, type SdkTransportBridge } from '../../lib/sdk/index.js';
import { DEFAULT_SDK_EXIT_TIMEOUT } from '../../lib/sdk/SdkTransportBridge.js';
import type { McpTransport } from '../../lib/session/index.js';

const EXIT_TIMEOUT = 500;

const ping = (id: number): JsonRpcMessage => ({ jsonrpc: '2.0', id, method: 'ping' });
const pong = (id: number): JsonRpcMessage => ({ jsonrpc: '2.0', id, result: {} });

/**
 * A fake server: a pair of Subjects. `fromServer` is what the server says (the transport
 * subscribes to it); `toServer` receives what the transport sends, and its completion is the
 * goodbye. Subscriptions and unsubscriptions are counted.
 */
function fakeServer(onSubscribe?: (observer: Observer<JsonRpcMessage>) => void) {
  const fromServer = new Subject<JsonRpcMessage>();
  const toServer = new Subject<JsonRpcMessage>();
  const sent: JsonRpcMessage[] = [];
  const counts = { subscribed: 0, unsubscribed: 0, goodbyes: 0 };
  toServer.subscribe({
    next: (message) => sent.push(message),
    complete: () => {
      counts.goodbyes += 1;
    },
  });
  const incoming = new Observable<JsonRpcMessage>((subscriber) => {
    counts.subscribed += 1;
    const inner = fromServer.subscribe(subscriber);
    onSubscribe?.(subscriber);
    return () => {
      counts.unsubscribed += 1;
      inner.unsubscribe();
    };
  });
  const server: McpTransport = {
    subscribe: (observer) => incoming.subscribe(observer),
    next: (message) => {
      toServer.next(message);
    },
    complete: () => {
      toServer.complete();
    },
  };
  return { server, fromServer, sent, counts };
}

/** A transport on a fake server, on virtual time, with every callback recorded in order. */
function setup(onSubscribe?: (observer: Observer<JsonRpcMessage>) => void) {
  const fake = fakeServer(onSubscribe);
  const scheduler = new VirtualTimeScheduler();
  const transport = toSdkTransport(fake.server, { exitTimeout: EXIT_TIMEOUT, scheduler });
  const events: string[] = [];
  const received: JsonRpcMessage[] = [];
  const errors: Error[] = [];
  transport.onmessage = (message) => {
    received.push(message);
    events.push('message');
  };
  transport.onerror = (error) => {
    errors.push(error);
    events.push(`error: ${error.message}`);
  };
  transport.onclose = () => {
    events.push('close');
  };
  return {
    ...fake,
    scheduler,
    transport,
    events,
    received,
    errors,
    advance: (ms: number) => advance(scheduler, ms),
  };
}

/** Records how a promise settles, to look at after the microtasks have run. */
function track(promise: Promise<void>) {
  const state: { settled: 'pending' | 'resolved' | 'rejected'; error?: unknown } = { settled: 'pending' };
  promise.then(
    () => {
      state.settled = 'resolved';
    },
    (error: unknown) => {
      state.settled = 'rejected';
      state.error = error;
    },
  );
  return state;
}

const microtasks = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function started(ctx: ReturnType<typeof setup>): Promise<void> {
  const start = ctx.transport.start();
  ctx.advance(0);
  await start;
}

describe('toSdkTransport: types', () => {
  it('is a Transport of both SDKs, with no sessionId and no HTTP-only members', () => {
    const { transport } = setup();
    // Compile-time checks (tsc): the bridge is assignable to both SDKs' Transport.
    const v1: V1Transport = transport;
    const v2: V2Transport = transport;
    expect(v1).toBe(v2);
    expect(v1.sessionId).toBeUndefined();
    expect(v2.sessionId).toBeUndefined();
    expect('sessionId' in transport).toBe(false);
    expect('setProtocolVersion' in transport).toBe(false);
    expect('hasPerRequestStream' in transport).toBe(false);
    expect(DEFAULT_SDK_EXIT_TIMEOUT).toBeGreaterThan(4000);
  });
});

describe('toSdkTransport: start()', () => {
  it('does nothing until start(), then subscribes once and resolves one scheduler turn later', async () => {
    const ctx = setup();
    expect(ctx.counts.subscribed).toBe(0);
    // Real timers are faked from here, so the test can run every one of them at once.
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    let start: ReturnType<typeof track>;
    try {
      start = track(ctx.transport.start());
      expect(ctx.counts.subscribed).toBe(1);
      await microtasks();
      expect(start.settled).toBe('pending');
      // No real timer resolves it, however long: the wait is a turn of the given scheduler.
      jest.runAllTimers();
      await microtasks();
      expect(start.settled).toBe('pending');
    } finally {
      jest.useRealTimers();
    }
    ctx.advance(0);
    await microtasks();
    expect(start.settled).toBe('resolved');
    expect(ctx.counts.subscribed).toBe(1);
    expect(ctx.events).toEqual([]);
  });

  it('delivers the server messages to onmessage in order, also those that come while starting', async () => {
    const ctx = setup();
    const start = ctx.transport.start();
    ctx.fromServer.next(pong(1));
    ctx.advance(0);
    await start;
    ctx.fromServer.next(pong(2));
    ctx.fromServer.next(ping(3));
    expect(ctx.received).toEqual([pong(1), pong(2), ping(3)]);
  });

  it('reads the callbacks when it calls them, so handlers installed later (Client.connect) are used', async () => {
    const ctx = setup();
    await started(ctx);
    const later: JsonRpcMessage[] = [];
    ctx.transport.onmessage = (message) => later.push(message);
    ctx.fromServer.next(pong(7));
    expect(later).toEqual([pong(7)]);
    expect(ctx.received).toEqual([]);
  });

  it('rejects a second start() and does not subscribe again', async () => {
    const ctx = setup();
    await started(ctx);
    await expect(ctx.transport.start()).rejects.toThrow('already started');
    expect(ctx.counts.subscribed).toBe(1);
    expect(ctx.events).toEqual([]);
  });

  it('rejects start() after close()', async () => {
    const ctx = setup();
    await ctx.transport.close();
    await expect(ctx.transport.start()).rejects.toThrow('closed');
    expect(ctx.counts.subscribed).toBe(0);
  });

  it('rejects with the error of a server that fails on subscribe (bad params), then onerror and onclose', async () => {
    const failure = new Error('invalid params');
    const ctx = setup((observer) => {
      observer.error(failure);
    });
    await expect(ctx.transport.start()).rejects.toBe(failure);
    expect(ctx.errors).toEqual([failure]);
    expect(ctx.events).toEqual(['error: invalid params', 'close']);
  });

  it('rejects with the error of a spawn that fails before the first turn', async () => {
    const ctx = setup();
    const start = track(ctx.transport.start());
    ctx.fromServer.error(new Error('command not found'));
    ctx.advance(0);
    await microtasks();
    expect(start.settled).toBe('rejected');
    expect(start.error).toEqual(new Error('command not found'));
    expect(ctx.events).toEqual(['error: command not found', 'close']);
  });

  it('rejects when the server ends before the first turn, and closes once', async () => {
    const ctx = setup();
    const start = track(ctx.transport.start());
    ctx.fromServer.complete();
    ctx.advance(0);
    await microtasks();
    expect(start.settled).toBe('rejected');
    expect(String(start.error)).toContain('before the transport started');
    expect(ctx.events).toEqual(['close']);
  });

  it('turns a non-Error from the server into an Error for onerror and start()', async () => {
    const ctx = setup((observer) => {
      observer.error('boom');
    });
    await expect(ctx.transport.start()).rejects.toThrow('boom');
    expect(ctx.errors[0]).toBeInstanceOf(Error);
    expect(ctx.errors[0]?.message).toBe('boom');
  });
});

describe('toSdkTransport: send()', () => {
  it('rejects before start() and sends nothing', async () => {
    const ctx = setup();
    await expect(ctx.transport.send(ping(1))).rejects.toThrow('Not connected');
    expect(ctx.sent).toEqual([]);
  });

  it('hands each message to server.next() in order and resolves', async () => {
    const ctx = setup();
    await started(ctx);
    await ctx.transport.send(ping(1));
    await ctx.transport.send(pong(2));
    expect(ctx.sent).toEqual([ping(1), pong(2)]);
  });

  it('accepts messages while starting (the subject queues them until the process runs)', async () => {
    const ctx = setup();
    const start = ctx.transport.start();
    await ctx.transport.send(ping(1));
    ctx.advance(0);
    await start;
    expect(ctx.sent).toEqual([ping(1)]);
  });

  it('rejects after close() and after the server ended, and sends nothing', async () => {
    const closedByUs = setup();
    await started(closedByUs);
    const closing = closedByUs.transport.close();
    await expect(closedByUs.transport.send(ping(1))).rejects.toThrow('Not connected');
    closedByUs.fromServer.complete();
    await closing;
    await expect(closedByUs.transport.send(ping(2))).rejects.toThrow('Not connected');
    expect(closedByUs.sent).toEqual([]);

    const endedByServer = setup();
    await started(endedByServer);
    endedByServer.fromServer.complete();
    await expect(endedByServer.transport.send(ping(3))).rejects.toThrow('Not connected');
    expect(endedByServer.sent).toEqual([]);
  });

  it('rejects with what server.next() throws', async () => {
    const ctx = setup();
    await started(ctx);
    ctx.server.next = () => {
      throw new TypeError('cannot serialize');
    };
    await expect(ctx.transport.send(ping(1))).rejects.toThrow(new TypeError('cannot serialize'));
  });

  it('rejects with the error a message ends the connection with, reported once, closed once', async () => {
    const ctx = setup();
    await started(ctx);
    const overflow = new Error('write queue overflow');
    ctx.server.next = () => {
      ctx.fromServer.error(overflow);
    };
    await expect(ctx.transport.send(ping(1))).rejects.toBe(overflow);
    expect(ctx.events).toEqual(['error: write queue overflow', 'close']);
  });
});

describe('toSdkTransport: close()', () => {
  it('says goodbye with complete(), resolves once the server has ended, onclose exactly once', async () => {
    const ctx = setup();
    await started(ctx);
    const close = track(ctx.transport.close());
    expect(ctx.counts.goodbyes).toBe(1);
    ctx.advance(EXIT_TIMEOUT - 1);
    await microtasks();
    expect(close.settled).toBe('pending');
    expect(ctx.events).toEqual([]);
    // Frames written before the exit still arrive while closing.
    ctx.fromServer.next(pong(1));
    ctx.fromServer.complete();
    await microtasks();
    expect(close.settled).toBe('resolved');
    expect(ctx.events).toEqual(['message', 'close']);
    ctx.advance(EXIT_TIMEOUT);
    await ctx.transport.close();
    expect(ctx.counts.goodbyes).toBe(1);
    expect(ctx.events).toEqual(['message', 'close']);
  });

  it('returns the same pending close to a second caller', async () => {
    const ctx = setup();
    await started(ctx);
    const first = track(ctx.transport.close());
    const second = track(ctx.transport.close());
    await microtasks();
    expect([first.settled, second.settled]).toEqual(['pending', 'pending']);
    ctx.fromServer.complete();
    await microtasks();
    expect([first.settled, second.settled]).toEqual(['resolved', 'resolved']);
    expect(ctx.counts.goodbyes).toBe(1);
    expect(ctx.events).toEqual(['close']);
  });

  it('stops waiting after exitTimeout: unsubscribes (the shutdown goes on), closes once', async () => {
    const ctx = setup();
    await started(ctx);
    const close = track(ctx.transport.close());
    ctx.advance(EXIT_TIMEOUT - 1);
    await microtasks();
    expect(close.settled).toBe('pending');
    expect(ctx.counts.unsubscribed).toBe(0);
    ctx.advance(1);
    await microtasks();
    expect(close.settled).toBe('resolved');
    expect(ctx.counts.unsubscribed).toBe(1);
    expect(ctx.events).toEqual(['close']);
    ctx.fromServer.next(pong(1));
    ctx.fromServer.complete();
    expect(ctx.events).toEqual(['close']);
  });

  it('reports an error the server ends with while closing, then closes once', async () => {
    const ctx = setup();
    await started(ctx);
    const close = ctx.transport.close();
    ctx.fromServer.error(new Error('killed'));
    await close;
    expect(ctx.events).toEqual(['error: killed', 'close']);
  });

  it('when server.complete() throws: reports it, unsubscribes, closes once', async () => {
    const ctx = setup();
    await started(ctx);
    ctx.server.complete = () => {
      throw new Error('no goodbye');
    };
    await ctx.transport.close();
    expect(ctx.counts.unsubscribed).toBe(1);
    expect(ctx.events).toEqual(['error: no goodbye', 'close']);
  });

  it('before start(): resolves, calls onclose once, never subscribes', async () => {
    const ctx = setup();
    await ctx.transport.close();
    await ctx.transport.close();
    expect(ctx.counts.subscribed).toBe(0);
    expect(ctx.counts.goodbyes).toBe(0);
    expect(ctx.events).toEqual(['close']);
  });

  it('while starting: start() rejects, the goodbye is said, onclose once', async () => {
    const ctx = setup();
    const start = track(ctx.transport.start());
    const close = ctx.transport.close();
    ctx.fromServer.complete();
    await close;
    ctx.advance(0);
    await microtasks();
    expect(start.settled).toBe('rejected');
    expect(String(start.error)).toContain('closed before it started');
    expect(ctx.counts.goodbyes).toBe(1);
    expect(ctx.events).toEqual(['close']);
  });
});

describe('toSdkTransport: the server ends the connection', () => {
  it('on its own: onclose once, no error; close() afterwards resolves and says no goodbye', async () => {
    const ctx = setup();
    await started(ctx);
    ctx.fromServer.next(pong(1));
    ctx.fromServer.complete();
    expect(ctx.events).toEqual(['message', 'close']);
    await ctx.transport.close();
    expect(ctx.counts.goodbyes).toBe(0);
    expect(ctx.events).toEqual(['message', 'close']);
  });

  it('with an error (a crash): onerror with it, then onclose, each once', async () => {
    const ctx = setup();
    await started(ctx);
    const crash = new Error('server exited with code 1');
    ctx.fromServer.error(crash);
    expect(ctx.errors).toEqual([crash]);
    expect(ctx.events).toEqual(['error: server exited with code 1', 'close']);
    await ctx.transport.close();
    expect(ctx.events).toHaveLength(2);
  });
});

describe('toSdkTransport: a structural server that breaks the Observable contract', () => {
  it('hears nothing after the end: one onclose, no late message or error', async () => {
    let observer: Partial<Observer<JsonRpcMessage>> = {};
    let unsubscribed = 0;
    const server: McpTransport = {
      subscribe: (o) => {
        observer = o;
        return {
          unsubscribe: () => {
            unsubscribed += 1;
          },
        };
      },
      next: () => undefined,
      complete: () => undefined,
    };
    const scheduler = new VirtualTimeScheduler();
    const transport = toSdkTransport(server, { scheduler, exitTimeout: 5 });
    const events: string[] = [];
    transport.onmessage = () => events.push('message');
    transport.onerror = (error) => events.push(`error: ${error.message}`);
    transport.onclose = () => events.push('close');
    const start = transport.start();
    scheduler.flush();
    await start;
    observer.next?.(pong(1));
    const close = transport.close();
    scheduler.flush();
    await close;
    expect(unsubscribed).toBe(1);
    observer.next?.(pong(2));
    observer.error?.(new Error('late'));
    observer.complete?.();
    expect(events).toEqual(['message', 'close']);
  });
});

describe('toSdkTransport: callbacks that throw', () => {
  afterEach(() => {
    config.onUnhandledError = null;
  });

  it('an onmessage that throws goes to onerror, and later messages still arrive', async () => {
    const ctx = setup();
    await started(ctx);
    let calls = 0;
    ctx.transport.onmessage = (message) => {
      calls += 1;
      if (calls === 1) throw new Error('handler bug');
      ctx.received.push(message);
    };
    ctx.fromServer.next(pong(1));
    ctx.fromServer.next(pong(2));
    expect(ctx.errors.map((e) => e.message)).toEqual(['handler bug']);
    expect(ctx.received).toEqual([pong(2)]);
  });

  it('an onclose that throws goes to onerror, and close() still resolves', async () => {
    const ctx = setup();
    await started(ctx);
    ctx.transport.onclose = () => {
      throw new Error('onclose bug');
    };
    const close = ctx.transport.close();
    ctx.fromServer.complete();
    await close;
    expect(ctx.errors.map((e) => e.message)).toEqual(['onclose bug']);
  });

  it('an onerror that throws is reported the RxJS way (config.onUnhandledError), not to the caller', async () => {
    const unhandled: unknown[] = [];
    config.onUnhandledError = (error) => unhandled.push(error);
    const ctx = setup();
    await started(ctx);
    ctx.transport.onerror = () => {
      throw new Error('onerror bug');
    };
    expect(() => ctx.fromServer.error(new Error('crash'))).not.toThrow();
    expect(ctx.events).toEqual(['close']);
    // RxJS reports unhandled errors on a timeout: wait for the report, not for a fixed time.
    await waitFor(() => unhandled.length > 0, 'the unhandled error report');
    expect(unhandled).toEqual([new Error('onerror bug')]);
  });
});

describe('toSdkTransport: reconnecting', () => {
  it('a new transport on the same server subscribes again (the subject spawns a fresh process)', async () => {
    let processes = 0;
    const incoming = new Observable<JsonRpcMessage>((subscriber) => {
      processes += 1;
      subscriber.next(pong(processes));
    });
    const goodbyes: number[] = [];
    const server: McpTransport = {
      subscribe: (observer) => incoming.subscribe(observer),
      next: () => undefined,
      complete: () => goodbyes.push(processes),
    };
    const scheduler = new VirtualTimeScheduler();
    const heard: JsonRpcMessage[] = [];
    for (let i = 0; i < 2; i += 1) {
      const transport: SdkTransportBridge = toSdkTransport(server, { scheduler, exitTimeout: 5 });
      transport.onmessage = (message) => heard.push(message);
      const start = transport.start();
      scheduler.flush();
      await start;
      const close = transport.close();
      scheduler.flush();
      await close;
    }
    expect(processes).toBe(2);
    expect(goodbyes).toEqual([1, 2]);
    expect(heard).toEqual([pong(1), pong(2)]);
  });
});
