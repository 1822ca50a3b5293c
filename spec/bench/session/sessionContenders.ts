/**
 * The session-level contenders of the bench (issue 9), each reduced to the same two-method shape
 * (`call()` resolves with one checked answer, `close()` resolves once the client has shut down),
 * so that one driver (sessionDriver.ts) runs all of them and the ratios measure the clients, not
 * the way they are driven. Every server gets a fresh `BENCH_TAG` so its whole tree can be found,
 * and proven gone, by pid (../processes.ts).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioClientTransportV2 } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { last, lastValueFrom, type Observable } from 'rxjs';
import { fromStdioServer, type StdioSpawnOptions } from '../../../lib/index.js';
import { toSdkTransport } from '../../../lib/sdk/index.js';
import { mcpSession, type McpSession } from '../../../lib/session/index.js';
import { newTag, tagEnv } from '../processes.js';

/** The two servers: the bench's plain echo server, and the reference MCP server. */
export type ServerId = 'echo' | 'everything';

/**
 * The contenders. `ours-mergemap` is informational only: ours driven by
 * `range().pipe(mergeMap(…, 64))` instead of the shared async workers. `ours-noprogress` is ours
 * with `callTool(…, { progress: false })` (server-everything only). `ours-attached` is a
 * diagnostic: ours with the server spawned in the host's session (not `detached`, as the SDK
 * spawns it), which separates the client's cost from the scheduler's (with Linux's
 * `sched_autogroup`, a detached server gets a scheduling group of its own).
 */
export type SessionContenderId =
  'ours' | 'ours-noprogress' | 'ours-mergemap' | 'ours-attached' | 'sdk' | 'sdk-v2' | 'sdk-ours';

export const SESSION_LABELS: Record<SessionContenderId, string> = {
  ours: 'ours: `mcpSession(fromStdioServer())`',
  'ours-noprogress': 'ours, `callTool(…, { progress: false })`',
  'ours-mergemap': 'ours, driven by `mergeMap(…, 64)` (informational)',
  'ours-attached': 'ours, server not `detached` (diagnostic)',
  sdk: 'SDK v1 `Client` + its `StdioClientTransport`',
  'sdk-v2': 'SDK v2 `Client` + its `StdioClientTransport`',
  'sdk-ours': 'SDK v1 `Client` + our `toSdkTransport()`',
};

const ECHO_SERVER = path.join(__dirname, '..', 'fixtures', 'echo-server.js');
const EVERYTHING_SERVER = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');

/** The command line of a server. */
export function serverCommand(server: ServerId): { command: string; args: string[] } {
  return server === 'echo'
    ? { command: process.execPath, args: [ECHO_SERVER] }
    : { command: process.execPath, args: [EVERYTHING_SERVER, 'stdio'] };
}

/** A tagged, minimal environment: PATH and the tag only (the host's environment is not passed). */
function serverEnv(tag: string): Record<string, string> {
  const env: Record<string, string> = tagEnv(tag);
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  return env;
}

/** One open client session of a contender. */
export interface OpenSession {
  /** The tag carried by the server's process tree. */
  readonly tag: string;
  /** One call (ping, or callTool('echo')); resolves once its answer is checked, rejects on a wrong one. */
  call(): Promise<void>;
  /** For `ours-mergemap`: the raw call, for a `mergeMap` driver. Undefined for the others. */
  readonly call$?: () => Observable<unknown>;
  /** Checks an answer of `call$`. */
  readonly check: (answer: unknown) => void;
  /** The client's own shutdown; resolves when the client says it is closed. */
  close(): Promise<void>;
}

/** The message the echo tool is called with, and what it must answer. */
const MESSAGE = 'bench';
const ECHOED = `Echo: ${MESSAGE}`;

function checkPing(answer: unknown): void {
  if (typeof answer !== 'object' || answer === null || Object.keys(answer).length !== 0) {
    throw new Error(`wrong answer to ping: ${JSON.stringify(answer)}`);
  }
}

function checkEcho(answer: unknown): void {
  const content = (answer as { content?: { type?: unknown; text?: unknown }[] } | null)?.content;
  if (!Array.isArray(content) || content[0]?.type !== 'text' || content[0].text !== ECHOED) {
    throw new Error(`wrong answer to callTool('echo'): ${JSON.stringify(answer)}`);
  }
}

/** Ours: our session's result event of a callTool, unwrapped. */
function checkOursEcho(event: unknown): void {
  const e = event as { type?: unknown; result?: unknown } | null;
  if (e?.type !== 'result') throw new Error(`callTool('echo') ended with ${JSON.stringify(event)}`);
  checkEcho(e.result);
}

async function openOurs(server: ServerId, id: SessionContenderId, tag: string): Promise<OpenSession> {
  const { command, args } = serverCommand(server);
  let closed: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => (closed = resolve));
  const server$ = fromStdioServer({
    command,
    args,
    env: serverEnv(tag),
    stderr: 'ignore',
    exitObserver: { next: () => closed() },
    ...(id === 'ours-attached'
      ? {
          spawn: (file: string, argv: readonly string[], options: StdioSpawnOptions) =>
            spawn(file, [...argv], { ...options, detached: false }),
        }
      : {}),
  });
  let unsubscribe: () => void = () => undefined;
  const session = await new Promise<McpSession>((resolve, reject) => {
    const subscription = mcpSession(server$, { clientInfo: { name: 'bench', version: '1.0.0' } }).subscribe({
      next: resolve,
      error: reject,
    });
    unsubscribe = () => subscription.unsubscribe();
  });
  const progress = id !== 'ours-noprogress';
  // A call's events (callTool: progress, then the result); a promise-minded caller awaits the last.
  const events$: () => Observable<unknown> =
    server === 'echo'
      ? () => session.request('ping')
      : () => session.callTool('echo', { message: MESSAGE }, { progress });
  const check = server === 'echo' ? checkPing : checkOursEcho;
  return {
    tag,
    call: async () => check(await lastValueFrom(events$())),
    ...(id === 'ours-mergemap' ? { call$: () => events$().pipe(last()) } : {}),
    check,
    close: () => {
      unsubscribe();
      return exited;
    },
  };
}

/** The part of the v1 and v2 `Client`s the bench uses (their types differ, their calls do not). */
interface SdkClientLike {
  ping(): Promise<unknown>;
  callTool(params: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

function sdkSession(server: ServerId, client: SdkClientLike, tag: string): OpenSession {
  const check = server === 'echo' ? checkPing : checkEcho;
  return {
    tag,
    call:
      server === 'echo'
        ? async () => check(await client.ping())
        : async () => check(await client.callTool({ name: 'echo', arguments: { message: MESSAGE } })),
    check,
    close: () => client.close(),
  };
}

async function openSdk(server: ServerId, id: SessionContenderId, tag: string): Promise<OpenSession> {
  const { command, args } = serverCommand(server);
  const env = serverEnv(tag);
  const info = { name: 'bench', version: '1.0.0' };
  if (id === 'sdk-v2') {
    const client = new ClientV2(info);
    await client.connect(new StdioClientTransportV2({ command, args, env, stderr: 'ignore' }));
    return sdkSession(server, client, tag);
  }
  const client = new Client(info);
  const transport =
    id === 'sdk'
      ? new StdioClientTransport({ command, args, env, stderr: 'ignore' })
      : toSdkTransport(fromStdioServer({ command, args, env, stderr: 'ignore' }));
  await client.connect(transport);
  return sdkSession(server, client, tag);
}

/**
 * Starts a server and opens a ready client session on it (handshake done).
 *
 * @param tag The tag for the server's tree; a fresh one by default.
 */
export function openSession(
  server: ServerId,
  id: SessionContenderId,
  tag: string = newTag(),
): Promise<OpenSession> {
  return id.startsWith('ours') ? openOurs(server, id, tag) : openSdk(server, id, tag);
}
