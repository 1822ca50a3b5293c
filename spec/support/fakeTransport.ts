/**
 * A fake server and a transport on it, all on one TestScheduler, plus builders of the events the
 * fake reports: what the marble tests of the transport share.
 */
import type { TestScheduler } from 'rxjs/testing';
import { fromStdioServer, type StdioServerParams, type StdioSignal } from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { fakeServer, type FakeServerBehavior, type FakeServerEvent } from '../../lib/testing/index.js';

/** The shutdown bounds of `setup()`, in virtual ms. */
export const CLOSE = 100;
export const TERM = 200;

export const msg = (id: number): JsonRpcMessage => ({ jsonrpc: '2.0', id, method: 'ping' });
export const reply = (id: number): JsonRpcMessage => ({ jsonrpc: '2.0', id, result: {} });

/** A fake server plus a transport on it, all on the test scheduler. */
export function setup(
  scheduler: TestScheduler,
  behavior: FakeServerBehavior = {},
  params: Partial<StdioServerParams<JsonRpcMessage, JsonRpcMessage>> = {},
) {
  const server = fakeServer(behavior, scheduler);
  const server$ = fromStdioServer({
    command: 'fake-server',
    spawn: server.spawn,
    scheduler,
    shutdown: { closeTimeout: CLOSE, termTimeout: TERM },
    ...params,
  });
  return { server, server$ };
}

export const spawn = (pid = 10000): FakeServerEvent => ({ type: 'spawn', pid });
export const stdinClosed = (pid = 10000): FakeServerEvent => ({ type: 'stdin-closed', pid });
export const signal = (name: StdioSignal, pid = 10000): FakeServerEvent => ({
  type: 'signal',
  pid,
  signal: name,
});
export const exit = (code: number | null, sig: StdioSignal | null = null, pid = 10000): FakeServerEvent => ({
  type: 'exit',
  pid,
  code,
  signal: sig,
});
export const received = (message: unknown, pid = 10000): FakeServerEvent => ({
  type: 'received',
  pid,
  message,
});
