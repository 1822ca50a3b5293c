import { spawn } from 'node:child_process';
import path from 'node:path';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { StdioSpawnOptions } from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import type { ContenderId } from './harness.js';
import { tagEnv } from './processes.js';
import { RawLineSplitter } from './rawLineSplitter.js';

const FIXTURES = path.join(__dirname, 'fixtures');

/** A read buffer large enough for every frame of the bench (the same as our default maxFrameLength). */
export const RAISED_SDK_BUFFER = 256 * 1024 * 1024;

/** Which server to start and how. */
export interface ServerSpec {
  /** Echo-server flags: `--ignore-eof`, `--ignore-sigterm`. */
  flags?: readonly string[];
  /** Start it through `fixtures/wrapper.js`, which forks the real server. */
  viaWrapper?: boolean;
  /** `BENCH_TAG` for this server's tree (see processes.ts). */
  tag?: string;
  /** The SDK's `maxBufferSize`: raised by default; `'default'` leaves the SDK's own (10 MiB). */
  sdkMaxBufferSize?: number | 'default';
  /**
   * Diagnostics only: spawn the server in a session of its own (`detached`) or not, overriding
   * the contender's choice (raw: not detached; ours: detached, to signal its process group).
   */
  detached?: boolean;
}

/** Where a connection delivers what it receives; the bench swaps these between phases. */
export interface Receiver {
  message(message: JsonRpcMessage): void;
  error(error: unknown): void;
}

/** One server as a contender talks to it. */
export interface Connection {
  /** Settles once the process runs. */
  readonly ready: Promise<void>;
  /** Sends one message (fire and forget, as a client's request path does). */
  send(message: JsonRpcMessage): void;
  /** The contender's own teardown; settles when the contender has observed the exit. */
  close(): Promise<void>;
}

const importSdk = () => import('@modelcontextprotocol/sdk/client/stdio.js');
const importOurs = () => import('../../lib/index.js');
let sdkStdio: Awaited<ReturnType<typeof importSdk>> | undefined;
let ours: Awaited<ReturnType<typeof importOurs>> | undefined;

/**
 * Loads the modules of `contenders` (the SDK and this package take a while to load: a process
 * forked for one measurement loads only what it measures). Call before `open()`.
 */
export async function loadContenders(contenders: readonly ContenderId[]): Promise<void> {
  if (contenders.includes('sdk')) sdkStdio ??= await importSdk();
  if (contenders.includes('ours')) ours ??= await importOurs();
}

function loaded<T>(module: T | undefined, contender: ContenderId): T {
  if (module === undefined) throw new Error(`loadContenders(['${contender}']) was not awaited before open()`);
  return module;
}

/** Whether the contender's API lets a message be sent before the process runs. */
export const SENDS_BEFORE_SPAWN: Record<ContenderId, boolean> = { raw: true, sdk: false, ours: true };

function serverCommand(spec: ServerSpec): { command: string; args: string[] } {
  const script = path.join(FIXTURES, spec.viaWrapper === true ? 'wrapper.js' : 'echo-server.js');
  return { command: process.execPath, args: [script, ...(spec.flags ?? [])] };
}

function serverEnv(spec: ServerSpec): Record<string, string> {
  const env: Record<string, string> = {};
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  return spec.tag === undefined ? env : { ...env, ...tagEnv(spec.tag) };
}

/** Starts a server for `contender`; what it receives goes to `receiver`. */
export function open(contender: ContenderId, spec: ServerSpec, receiver: Receiver): Connection {
  const connection =
    contender === 'raw'
      ? openRaw(spec, receiver)
      : contender === 'sdk'
        ? openSdk(spec, receiver)
        : openOurs(spec, receiver);
  // Whoever needs `ready` awaits it; a spawn failure is also reported to the receiver.
  connection.ready.catch(() => undefined);
  return connection;
}

/**
 * The physical limit: `child_process.spawn`, an `indexOf` line splitter and `JSON.parse`; writes
 * go straight to the pipe; teardown closes stdin, then SIGTERM and SIGKILL to the pid alone.
 */
function openRaw(spec: ServerSpec, receiver: Receiver): Connection {
  const { command, args } = serverCommand(spec);
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: serverEnv(spec),
    detached: spec.detached === true,
  });
  const splitter = new RawLineSplitter((line) => receiver.message(JSON.parse(line) as JsonRpcMessage));
  child.stdout.on('data', (chunk: Buffer) => splitter.push(chunk));
  child.stdin.on('error', (error) => receiver.error(error));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', reject);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const exitWithin = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void exited.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  return {
    ready,
    send(message) {
      child.stdin.write(`${JSON.stringify(message)}\n`);
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      if (await exitWithin(2000)) return;
      child.kill('SIGTERM');
      if (await exitWithin(2000)) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** `@modelcontextprotocol/sdk` v1's `StdioClientTransport`, used as its `Client` uses it. */
function openSdk(spec: ServerSpec, receiver: Receiver): Connection {
  const { command, args } = serverCommand(spec);
  const { StdioClientTransport } = loaded(sdkStdio, 'sdk');
  const transport = new StdioClientTransport({
    command,
    args,
    env: serverEnv(spec),
    stderr: 'inherit',
    ...(spec.sdkMaxBufferSize === 'default'
      ? {}
      : { maxBufferSize: spec.sdkMaxBufferSize ?? RAISED_SDK_BUFFER }),
  });
  transport.onmessage = (message) => receiver.message(message as JsonRpcMessage);
  transport.onerror = (error) => receiver.error(error);
  const ready = transport.start();
  return {
    ready,
    send(message) {
      transport.send(message as JSONRPCMessage).catch((error: unknown) => receiver.error(error));
    },
    close: () => transport.close(),
  };
}

/** This package: `fromStdioServer`, subscribed once; unsubscribing is the teardown. */
function openOurs(spec: ServerSpec, receiver: Receiver): Connection {
  const { command, args } = serverCommand(spec);
  let spawned: () => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  let exited: () => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    spawned = resolve;
    failed = reject;
  });
  const exit = new Promise<void>((resolve) => {
    exited = resolve;
  });
  const { fromStdioServer } = loaded(ours, 'ours');
  const server$ = fromStdioServer({
    command,
    args,
    env: serverEnv(spec),
    stderr: 'inherit',
    ...(spec.detached === undefined
      ? {}
      : {
          spawn: (file: string, argv: readonly string[], options: StdioSpawnOptions) =>
            spawn(file, [...argv], { ...options, detached: spec.detached }),
        }),
    spawnObserver: { next: () => spawned() },
    exitObserver: { next: () => exited() },
  });
  const subscription = server$.subscribe({
    next: (message) => receiver.message(message),
    error: (error: unknown) => {
      failed(error);
      exited();
      receiver.error(error);
    },
  });
  return {
    ready,
    send(message) {
      server$.next(message);
    },
    close() {
      subscription.unsubscribe();
      return exit;
    },
  };
}
