/**
 * The session's JSON-RPC engine alone, written from the mutants the session specs left alive: it
 * is driven frame by frame through `receive()`, what it sends is recorded, and its timers run on
 * a TestScheduler whose queue shows what is still scheduled. Each case is about one rule of the
 * peer: what closing stops, which frames are requests, when a server request id may be used again,
 * and the exact shape of what it sends and emits (no `params: undefined` on the wire object).
 */
import { ResultSchema } from '@modelcontextprotocol/core';
import { NEVER, of, Subject, Subscription, type Observable } from 'rxjs';
import { McpPeer } from '../../lib/session/McpPeer.js';
import type { McpNotification } from '../../lib/session/McpNotification.js';
import type { McpRequestEvent } from '../../lib/session/McpRequestEvent.js';
import { McpSessionClosedError } from '../../lib/session/McpSessionClosedError.js';
import type { McpTransport } from '../../lib/session/McpTransport.js';
import type { JsonRpcMessage } from '../../lib/transport/JsonRpcMessage.js';
import { newTestScheduler } from '../support/marbles.js';

/** What a handler of server requests was asked, and the answers it gives (one Subject per call). */
interface Served {
  method: string;
  requestId: string | number;
  signal: AbortSignal;
  answer: Subject<unknown>;
}

function setup(options: { requestTimeout?: number; answerAtOnce?: boolean } = {}) {
  const scheduler = newTestScheduler();
  const sent: JsonRpcMessage[] = [];
  const served: Served[] = [];
  const transport: McpTransport = Object.assign(NEVER, {
    next: (message: JsonRpcMessage) => {
      sent.push(message);
    },
    complete: () => undefined,
  });
  const peer = new McpPeer(transport, {
    scheduler,
    requestTimeout: options.requestTimeout ?? 1000,
    handleRequest: (method, _params, context): Observable<unknown> => {
      const answer = new Subject<unknown>();
      served.push({ method, requestId: context.requestId, signal: context.signal, answer });
      return options.answerAtOnce === true ? of({ at: 'once' }) : answer;
    },
  });
  const notifications: McpNotification[] = [];
  let notificationsDone = false;
  peer.notifications$.subscribe({
    next: (n) => notifications.push(n),
    complete: () => (notificationsDone = true),
  });
  return { scheduler, sent, served, peer, notifications, isNotificationsDone: () => notificationsDone };
}

/** Subscribes and records what a request emits. */
function record<T>(source: Observable<T>) {
  const values: T[] = [];
  const errors: unknown[] = [];
  let completed = false;
  const subscription = source.subscribe({
    next: (v) => values.push(v),
    error: (e: unknown) => errors.push(e),
    complete: () => (completed = true),
  });
  return { values, errors, subscription, isCompleted: () => completed };
}

describe('McpPeer, closing', () => {
  it('reports closed, and after close sends nothing, serves nothing and completes notifications$', () => {
    const { peer, sent, served, isNotificationsDone } = setup();
    expect(peer.closed).toBe(false);
    peer.close();
    expect(peer.closed).toBe(true);
    expect(isNotificationsDone()).toBe(true);
    peer.notify('notifications/roots/list_changed');
    peer.receive({ jsonrpc: '2.0', id: 1, method: 'roots/list' });
    expect(sent).toEqual([]);
    expect(served).toEqual([]);
  });

  it('keeps the first reason: a second close changes nothing, later requests fail with the first', () => {
    const { peer } = setup();
    const first = new Error('first');
    peer.close(first);
    peer.close(new Error('second'));
    const late = record(peer.request('ping', undefined, ResultSchema));
    expect(late.errors).toEqual([first]);
  });

  it('fails pending requests with the reason and leaves none of their timers scheduled', () => {
    const { peer, scheduler } = setup();
    const call = record(peer.request('ping', undefined, ResultSchema, { maxTotalTimeout: 5000 }));
    expect(scheduler.actions).toHaveLength(2);
    peer.close();
    expect(call.errors).toHaveLength(1);
    expect(call.errors[0]).toBeInstanceOf(McpSessionClosedError);
    expect(scheduler.actions).toHaveLength(0);
  });

  it('stops the server requests it is answering: their signal aborts, a late answer is not sent', () => {
    const { peer, sent, served } = setup();
    peer.receive({ jsonrpc: '2.0', id: 7, method: 'sampling/createMessage', params: {} });
    expect(served).toHaveLength(1);
    peer.close();
    expect(served[0].signal.aborted).toBe(true);
    served[0].answer.next({ late: true });
    expect(sent).toEqual([]);
  });
});

describe('McpPeer, routing', () => {
  it('takes a frame with a method and no id (or a null id) for a notification, never for a request', () => {
    const { peer, served, notifications } = setup();
    peer.receive({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 1 } });
    peer.receive({ jsonrpc: '2.0', id: null, method: 'notifications/tools/list_changed' });
    expect(served).toEqual([]);
    expect(notifications).toStrictEqual([
      { method: 'notifications/message', params: { level: 'info', data: 1 } },
      { method: 'notifications/tools/list_changed' },
    ]);
  });

  it('answers a request the server sends, with its own id', () => {
    const { peer, sent, served } = setup();
    peer.receive({ jsonrpc: '2.0', id: 'a', method: 'roots/list' });
    served[0].answer.next({ roots: [] });
    expect(sent).toStrictEqual([{ jsonrpc: '2.0', id: 'a', result: { roots: [] } }]);
  });

  it('sends a notification or request without params without a params member', () => {
    const { peer, sent } = setup();
    peer.notify('notifications/initialized');
    record(peer.request('ping', undefined, ResultSchema));
    expect(sent).toStrictEqual([
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 0, method: 'ping' },
    ]);
  });

  it('asks for progress with the request id as the token, keeping the caller’s _meta', () => {
    const { peer, sent } = setup();
    record(peer.exchange('tools/call', { name: 'a' }, ResultSchema));
    record(peer.exchange('tools/call', { name: 'b', _meta: { trace: 't' } }, ResultSchema));
    record(peer.exchange('tools/call', { name: 'c' }, ResultSchema, { progress: false }));
    expect(sent).toStrictEqual([
      { jsonrpc: '2.0', id: 0, method: 'tools/call', params: { name: 'a', _meta: { progressToken: 0 } } },
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'b', _meta: { trace: 't', progressToken: 1 } },
      },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'c' } },
    ]);
  });

  it('emits a progress event with only the members the notification had', () => {
    const { peer } = setup();
    const call = record(peer.exchange('tools/call', { name: 'slow' }, ResultSchema));
    peer.receive({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: 0, progress: 1 },
    });
    peer.receive({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: 0, progress: 2, total: 3, message: 'two' },
    });
    peer.receive({ jsonrpc: '2.0', id: 0, result: {} });
    expect(call.values).toStrictEqual<McpRequestEvent<unknown>[]>([
      { type: 'progress', progress: 1 },
      { type: 'progress', progress: 2, total: 3, message: 'two' },
      { type: 'result', result: {} },
    ]);
  });

  it('routes progress by token to progressOf() listeners, also after the request was answered', () => {
    const { peer } = setup();
    const progress = (progressToken: string | number, value: number) => {
      peer.receive({
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken, progress: value },
      });
    };
    // A task's token: the request that carried it is answered long before the task ends.
    const first = record(peer.progressOf('task-0'));
    const second = record(peer.progressOf('task-0'));
    const other = record(peer.progressOf('task-1'));
    const call = record(
      peer.request('tools/call', { name: 'a', _meta: { progressToken: 'task-0' } }, ResultSchema),
    );
    progress('task-0', 1);
    peer.receive({ jsonrpc: '2.0', id: 0, result: {} });
    progress('task-0', 2);
    second.subscription.unsubscribe();
    progress('task-0', 3);
    progress('task-1', 9);
    expect(call.values).toEqual([{}]);
    expect(first.values).toStrictEqual([
      { type: 'progress', progress: 1 },
      { type: 'progress', progress: 2 },
      { type: 'progress', progress: 3 },
    ]);
    expect(second.values).toStrictEqual([
      { type: 'progress', progress: 1 },
      { type: 'progress', progress: 2 },
    ]);
    expect(other.values).toStrictEqual([{ type: 'progress', progress: 9 }]);
    // A numeric token is a request's own: both the request and a listener get its progress.
    const exchange = record(peer.exchange('tools/call', { name: 'b' }, ResultSchema));
    const listener = record(peer.progressOf(1));
    progress(1, 5);
    expect(exchange.values).toStrictEqual([{ type: 'progress', progress: 5 }]);
    expect(listener.values).toStrictEqual([{ type: 'progress', progress: 5 }]);
  });

  it('completes progressOf() listeners when it closes, and at once after', () => {
    const { peer } = setup();
    const before = record(peer.progressOf('t'));
    peer.close();
    const after = record(peer.progressOf('t'));
    expect([before.isCompleted(), after.isCompleted()]).toEqual([true, true]);
  });

  it('schedules no timer for a request without deadlines', () => {
    // A recording scheduler: a TestScheduler drops an infinite delay by itself, while the async
    // scheduler's setInterval would turn it into 1 ms (Node caps what does not fit 32 bits).
    const schedule = jest.fn(() => Subscription.EMPTY);
    const peer = new McpPeer(Object.assign(NEVER, { next: () => undefined, complete: () => undefined }), {
      scheduler: { now: () => 0, schedule },
      requestTimeout: Infinity,
      handleRequest: () => NEVER,
    });
    const call = record(peer.request('ping', undefined, ResultSchema, { maxTotalTimeout: Infinity }));
    expect(schedule).not.toHaveBeenCalled();
    peer.receive({ jsonrpc: '2.0', id: 0, result: {} });
    expect(call.isCompleted()).toBe(true);
  });
});

describe('McpPeer, server requests and their ids', () => {
  it('serves a request id once while it is being answered (a duplicate is ignored)', () => {
    const { peer, sent, served } = setup();
    peer.receive({ jsonrpc: '2.0', id: 1, method: 'roots/list' });
    peer.receive({ jsonrpc: '2.0', id: 1, method: 'roots/list' });
    expect(served).toHaveLength(1);
    served[0].answer.next({ roots: [] });
    expect(sent).toHaveLength(1);
  });

  it('serves an id again once its answer was sent (answered at once)', () => {
    const { peer, sent, served } = setup({ answerAtOnce: true });
    peer.receive({ jsonrpc: '2.0', id: 1, method: 'roots/list' });
    peer.receive({ jsonrpc: '2.0', id: 1, method: 'roots/list' });
    expect(served).toHaveLength(2);
    expect(sent).toStrictEqual([
      { jsonrpc: '2.0', id: 1, result: { at: 'once' } },
      { jsonrpc: '2.0', id: 1, result: { at: 'once' } },
    ]);
  });

  it('serves an id again once its answer was sent (answered later)', () => {
    const { peer, sent, served } = setup();
    peer.receive({ jsonrpc: '2.0', id: 1, method: 'roots/list' });
    served[0].answer.next({ roots: [] });
    peer.receive({ jsonrpc: '2.0', id: 1, method: 'roots/list' });
    expect(served).toHaveLength(2);
    served[1].answer.next({ roots: [{ uri: 'file:///x' }] });
    expect(sent).toHaveLength(2);
  });

  it('serves an id again once the server cancelled it, and only notifications/cancelled cancels', () => {
    const { peer, sent, served, notifications } = setup();
    peer.receive({ jsonrpc: '2.0', id: 1, method: 'sampling/createMessage', params: {} });
    // Another notification naming the id is not a cancellation; a cancellation without an id
    // cancels nothing and is still delivered.
    peer.receive({ jsonrpc: '2.0', method: 'notifications/message', params: { requestId: 1 } });
    peer.receive({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { reason: 'no id' } });
    peer.receive({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: { not: 'an id' } },
    });
    expect(served[0].signal.aborted).toBe(false);
    expect(notifications.map((n) => n.method)).toEqual([
      'notifications/message',
      'notifications/cancelled',
      'notifications/cancelled',
    ]);
    peer.receive({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } });
    expect(served[0].signal.aborted).toBe(true);
    served[0].answer.next({ late: true });
    expect(sent).toEqual([]);
    peer.receive({ jsonrpc: '2.0', id: 1, method: 'sampling/createMessage', params: {} });
    expect(served).toHaveLength(2);
    served[1].answer.next({ model: 'm' });
    expect(sent).toStrictEqual([{ jsonrpc: '2.0', id: 1, result: { model: 'm' } }]);
  });
});
