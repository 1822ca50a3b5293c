import { EMPTY, finalize, of, throwError, type Observable } from 'rxjs';
import type { JsonRpcMessage } from '../../lib/transport/JsonRpcMessage.js';
import {
  mcpSession,
  McpError,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type McpHandlerContext,
  type McpSessionOptions,
} from '../../lib/session/index.js';
import { newTestScheduler } from '../support/marbles.js';
import { afterHandshake, openSession, sendFrame, serverRequest } from './marbleHelpers.js';
import { fakeMcpServer, type FakeMcpServer } from '../../lib/testing/index.js';

const answer = (id: number | string, result: unknown) => ({ jsonrpc: '2.0', id, result });
const failure = (id: number | string, code: number, message: string, data?: unknown) => ({
  jsonrpc: '2.0',
  id,
  error: data === undefined ? { code, message } : { code, message, data },
});
/** Sends each frame of `frames` to the client of `server` as it is emitted (in virtual time). */
const sendAll = (server: FakeMcpServer, frames: Observable<JsonRpcMessage>) =>
  frames.subscribe((frame) => {
    sendFrame(server, frame);
  });
const cancelledNotification = (params: Record<string, unknown>): JsonRpcMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/cancelled',
  params,
});
const samplingParams = { messages: [{ role: 'user', content: { type: 'text', text: 'Hi' } }], maxTokens: 10 };
const sampled: CreateMessageResult = {
  role: 'assistant',
  content: { type: 'text', text: 'Hello' },
  model: 'test',
};

describe('server → client requests', () => {
  it('answers ping, and an unknown method with -32601', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = fakeMcpServer();
      sendAll(
        server,
        cold('2ms a 1ms b', { a: serverRequest(7, 'ping'), b: serverRequest('x', 'foo/bar', { a: 1 }) }),
      );
      const { subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(afterHandshake(server)).toBe('2ms a 1ms b', {
        a: answer(7, {}),
        b: failure('x', -32601, 'Method not found: foo/bar'),
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
  });

  it('answers -32601 to roots/list, sampling and elicitation when no option provides them', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = fakeMcpServer();
      sendAll(
        server,
        cold('1ms (abc)', {
          a: serverRequest(1, 'roots/list'),
          b: serverRequest(2, 'sampling/createMessage', samplingParams),
          c: serverRequest(3, 'elicitation/create', {
            message: 'Name?',
            requestedSchema: { type: 'object', properties: {} },
          }),
        }),
      );
      const { subscription } = openSession(server, { scheduler: testScheduler });
      expectObservable(afterHandshake(server)).toBe('1ms (abc)', {
        a: failure(1, -32601, 'Method not found: roots/list'),
        b: failure(2, -32601, 'Method not found: sampling/createMessage'),
        c: failure(3, -32601, 'Method not found: elicitation/create'),
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
  });

  it('answers roots/list with the latest roots and sends roots/list_changed for each later list', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const one = [{ uri: 'file:///a', name: 'a' }];
      const two = [...one, { uri: 'file:///b' }];
      const server = fakeMcpServer();
      sendAll(
        server,
        cold('2ms a 9ms b', { a: serverRequest(1, 'roots/list'), b: serverRequest(2, 'roots/list') }),
      );
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        roots: cold('a 9ms b', { a: one, b: two }),
      });
      expectObservable(afterHandshake(server)).toBe('2ms a 7ms n 1ms b', {
        a: answer(1, { roots: one }),
        n: { jsonrpc: '2.0', method: 'notifications/roots/list_changed' },
        b: answer(2, { roots: two }),
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 20);
    });
  });

  it('makes roots/list wait for the first roots, and answers -32603 when the roots fail', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = fakeMcpServer();
      sendAll(server, cold('2ms a', { a: serverRequest(1, 'roots/list') }));
      const failing = fakeMcpServer();
      sendAll(failing, cold('2ms a', { a: serverRequest(1, 'roots/list') }));
      const waiting = openSession(server, { scheduler: testScheduler, roots: cold('5ms a', { a: [] }) });
      const broken = openSession(failing, {
        scheduler: testScheduler,
        roots: cold('1ms #', undefined, new Error('no workspace')),
      });
      expectObservable(afterHandshake(server)).toBe('5ms a', { a: answer(1, { roots: [] }) });
      expectObservable(afterHandshake(failing)).toBe('2ms a', {
        a: failure(1, -32603, 'no workspace'),
      });
      testScheduler.schedule(() => {
        waiting.subscription.unsubscribe();
        broken.subscription.unsubscribe();
      }, 10);
    });
  });

  it('answers sampling/createMessage through the handler, with validated params and the request id', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const seen: { params: CreateMessageRequestParams; requestId: string | number }[] = [];
      const server = fakeMcpServer();
      sendAll(server, cold('2ms a', { a: serverRequest('s1', 'sampling/createMessage', samplingParams) }));
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        sampling: (params, { requestId }) => {
          seen.push({ params, requestId });
          return cold('3ms (r|)', { r: sampled });
        },
      });
      expectObservable(afterHandshake(server)).toBe('5ms a', { a: answer('s1', sampled) });
      testScheduler.schedule(() => {
        expect(seen).toEqual([{ params: samplingParams, requestId: 's1' }]);
        subscription.unsubscribe();
      }, 10);
    });
  });

  it('stops the handler and sends no answer when the server cancels its request', () => {
    const testScheduler = newTestScheduler();
    const events: string[] = [];
    testScheduler.run(({ expectObservable, cold }) => {
      const server = fakeMcpServer();
      sendAll(
        server,
        cold('2ms a 1ms c', {
          a: serverRequest(9, 'sampling/createMessage', samplingParams),
          c: cancelledNotification({ requestId: 9, reason: 'user left' }),
        }),
      );
      let context: McpHandlerContext | undefined;
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        sampling: (_params, ctx) => {
          context = ctx;
          return cold('5ms (r|)', { r: sampled }).pipe(
            finalize(() => {
              events.push(`finalized at ${testScheduler.now()}, aborted: ${String(ctx.signal.aborted)}`);
            }),
          );
        },
      });
      expectObservable(afterHandshake(server)).toBe('');
      testScheduler.schedule(() => {
        expect(context?.signal.aborted).toBe(true);
        subscription.unsubscribe();
      }, 10);
    });
    expect(events).toEqual(['finalized at 4, aborted: false']);
  });

  it('turns handler failures and invalid params into JSON-RPC errors', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const server = fakeMcpServer();
      sendAll(
        server,
        cold('1ms (abcde)', {
          a: serverRequest(1, 'sampling/createMessage', { ...samplingParams, maxTokens: 1 }),
          b: serverRequest(2, 'sampling/createMessage', { ...samplingParams, maxTokens: 2 }),
          c: serverRequest(3, 'sampling/createMessage', { ...samplingParams, maxTokens: 3 }),
          d: serverRequest(4, 'sampling/createMessage', { ...samplingParams, maxTokens: 4 }),
          e: serverRequest(5, 'sampling/createMessage', { maxTokens: 5 }),
        }),
      );
      const handlers: Record<number, () => Observable<CreateMessageResult>> = {
        1: () => throwError(() => new McpError(-1, 'User rejected sampling', { why: 'busy' })),
        2: () => throwError(() => new Error('model offline')),
        3: () => EMPTY,
        4: () => {
          throw new TypeError('bad handler');
        },
      };
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        sampling: (params) => handlers[params.maxTokens]?.() ?? of(sampled),
      });
      expectObservable(afterHandshake(server)).toBe('1ms (abcde)', {
        a: failure(1, -1, 'User rejected sampling', { why: 'busy' }),
        b: failure(2, -32603, 'model offline'),
        c: failure(3, -32603, 'The handler completed without a result'),
        d: failure(4, -32603, 'bad handler'),
        e: failure(
          5,
          -32602,
          expect.stringMatching(/^Invalid params for sampling\/createMessage: messages: /) as string,
        ),
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
  });

  it('answers elicitation/create through the handler', () => {
    const testScheduler = newTestScheduler();
    testScheduler.run(({ expectObservable, cold }) => {
      const params = {
        message: 'Your name?',
        requestedSchema: { type: 'object', properties: { name: { type: 'string' } } },
      };
      const server = fakeMcpServer();
      sendAll(server, cold('1ms a', { a: serverRequest(4, 'elicitation/create', params) }));
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        elicitation: (p) => of({ action: 'accept' as const, content: { name: `re: ${p.message}` } }),
      });
      expectObservable(afterHandshake(server)).toBe('1ms a', {
        a: answer(4, { action: 'accept', content: { name: 're: Your name?' } }),
      });
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 10);
    });
  });

  it('stops handlers in flight when the session ends', () => {
    const testScheduler = newTestScheduler();
    const events: string[] = [];
    testScheduler.run(({ expectObservable, cold }) => {
      const server = fakeMcpServer();
      sendAll(server, cold('1ms a', { a: serverRequest(1, 'sampling/createMessage', samplingParams) }));
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        sampling: () =>
          cold('10ms (r|)', { r: sampled }).pipe(
            finalize(() => {
              events.push(`finalized at ${testScheduler.now()}`);
            }),
          ),
      });
      expectObservable(afterHandshake(server)).toBe('');
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 4);
    });
    expect(events).toEqual(['finalized at 4']);
  });
});

describe('server → client requests with promise handlers', () => {
  it('answers with what the promise resolves to, and aborts its signal on cancellation', async () => {
    const server = fakeMcpServer();
    let aborted: AbortSignal | undefined;
    const options: McpSessionOptions = {
      sampling: (_params, { signal }) => {
        aborted = signal;
        return new Promise<CreateMessageResult>((resolve) => {
          signal.addEventListener('abort', () => {
            resolve(sampled);
          });
        });
      },
      elicitation: () => Promise.resolve({ action: 'decline' as const }),
    };
    const subscription = mcpSession(server.transport, options).subscribe();
    sendFrame(
      server,
      serverRequest(1, 'elicitation/create', {
        message: 'ok?',
        requestedSchema: { type: 'object', properties: {} },
      }),
    );
    sendFrame(server, serverRequest(2, 'sampling/createMessage', samplingParams));
    sendFrame(server, cancelledNotification({ requestId: 2 }));
    await new Promise((resolve) => setImmediate(resolve));
    subscription.unsubscribe();
    expect(aborted?.aborted).toBe(true);
    expect(server.received.filter((m) => m.id === 1 || m.id === 2)).toEqual([
      answer(1, { action: 'decline' }),
    ]);
  });
});
