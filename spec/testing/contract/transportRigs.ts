/**
 * The three things a transport contract case runs against, behind one face: `fromStdioServer()`
 * on a real process (`spec/fixtures/journal.js`), `fromStdioServer()` over `fakeServer()`'s
 * spawn, and `fakeMcpServer().transport`. Each answers the same small protocol (the fixtures'
 * echo: `ping`, echoed requests, `emit`, `stderr`, `exit`, `hold`) and reports, with its own
 * instrument, what each of its processes read, in order, and how it exited. All run in real
 * time, so the cases are one piece of code for the three.
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { NEVER, type Observable, type Observer } from 'rxjs';
import {
  fromStdioServer,
  type StdioExitEvent,
  type StdioSignal,
  type StdioSpawn,
} from '../../../lib/index.js';
import type { JsonRpcMessage } from '../../../lib/session/index.js';
import { fakeMcpServer, fakeServer, type FakeServer } from '../../../lib/testing/index.js';
import { fixturePath, killIfAlive, waitUntilGone } from '../../support/processes.js';
import { waitFor } from '../../support/wait.js';

/** The rigs, by the name the table uses. */
export type RigName = 'real process' | 'fakeServer()' | 'fakeMcpServer()';

/** What one process of a rig did, once it has exited. */
export interface ProcessRecord {
  /** What it read, in order: `read <method>#<id>`, `read <notification>`, `read answer#<id>`; `eof`. */
  journal: string[];
  /** How it exited. */
  exit: StdioExitEvent;
}

/** One transport on a rig, and the instruments to watch its processes. */
export interface Harness {
  /** The transport under test. */
  readonly subject: Observable<JsonRpcMessage> & Observer<JsonRpcMessage>;
  /** What the server wrote to stderr, line by line (the journal's own lines left out). */
  readonly stderr: readonly string[];
  /** How many processes were started so far. */
  starts(): number;
  /** Waits (bounded) until process `index` (from 0) has exited and its pipes are done. */
  ended(index: number): Promise<ProcessRecord>;
  /** Proves that every process it started is gone (kills any left, and fails). */
  dispose(): Promise<void>;
}

/** A way to make harnesses. */
export interface Rig {
  readonly name: RigName;
  make(): Harness;
}

const ENDED_WITHIN_MS = 10_000;

/** One message as the journal names it (the same words as journal.js). */
export function describeRead(message: unknown): string {
  const { id, method } = (message ?? {}) as { id?: unknown; method?: unknown };
  if (typeof method !== 'string') return `read answer#${JSON.stringify(id)}`;
  return id === undefined || id === null ? `read ${method}` : `read ${method}#${JSON.stringify(id)}`;
}

/** The echo fixture's answers, for the fakes: `undefined` leaves a request unanswered. */
function echoAnswer(message: JsonRpcMessage): unknown {
  const params = (message.params ?? {}) as Record<string, unknown>;
  switch (message.method) {
    case 'ping':
      return {};
    case 'emit':
      return { emitted: ((params.frames as unknown[] | undefined) ?? []).length };
    case 'stderr':
      return { written: ((params.lines as unknown[] | undefined) ?? []).length };
    case 'hold':
    case 'exit':
      return undefined;
    default:
      return message.params ?? null;
  }
}

/** `fromStdioServer()` on `node journal.js`. */
export const realProcess: Rig = {
  name: 'real process',
  make() {
    const children: ChildProcess[] = [];
    const closed: { code: number | null; signal: StdioSignal | null }[] = [];
    const lines: string[] = [];
    // Node's own spawn, so the rig hears each child's 'close' (its pipes are done); the options
    // are the transport's (its own process group, no shell, the clean environment).
    const spawn: StdioSpawn = (command, args, options) => {
      const child = spawnChild(command, [...args], options);
      const index = children.length;
      children.push(child);
      child.on('close', (code, signal) => {
        closed[index] = { code, signal: signal as StdioSignal | null };
      });
      return child;
    };
    const subject = fromStdioServer({
      command: process.execPath,
      args: [fixturePath('journal.js')],
      stderr: { next: (line) => lines.push(line) },
      spawn,
    });
    const pidOf = (index: number): number => children[index]?.pid ?? -1;
    return {
      subject,
      get stderr() {
        return lines.filter((line) => !line.startsWith('journal '));
      },
      starts: () => children.length,
      ended: async (index) => {
        await waitFor(() => closed[index] !== undefined, `real process ${index} to close`, ENDED_WITHIN_MS);
        const prefix = `journal ${pidOf(index)} `;
        return {
          journal: lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length)),
          exit: closed[index],
        };
      },
      dispose: async () => {
        const pids = children.map((child) => child.pid ?? -1).filter((pid) => pid > 0);
        const left = await waitUntilGone(pids, ENDED_WITHIN_MS);
        killIfAlive(left);
        if (left.length > 0) throw new Error(`processes left alive: ${left.join(', ')}`);
      },
    };
  },
};

/** `fromStdioServer()` over `fakeServer()`, answering like the echo fixture. */
export const fakeProcess: Rig = {
  name: 'fakeServer()',
  make() {
    const journals: string[][] = [];
    let server: FakeServer | null = null;
    const latest = () => {
      const processes = server?.processes ?? [];
      return processes[processes.length - 1];
    };
    server = fakeServer({
      respond: (message) => {
        const child = latest();
        const request = message as JsonRpcMessage;
        const params = (request.params ?? {}) as Record<string, unknown>;
        if (request.method === 'emit') {
          for (const frame of (params.frames as unknown[] | undefined) ?? []) child?.write(frame);
        } else if (request.method === 'stderr') {
          for (const line of (params.lines as string[] | undefined) ?? []) child?.stderr?.push(`${line}\n`);
        } else if (request.method === 'exit') {
          child?.exit(typeof params.code === 'number' ? params.code : 0);
        }
        const result = request.id === undefined || request.id === null ? undefined : echoAnswer(request);
        return result === undefined ? [] : [{ jsonrpc: '2.0', id: request.id, result }];
      },
    });
    const fake = server;
    fake.events.subscribe((event) => {
      if (event.type === 'spawn-error') return;
      const index = fake.processes.findIndex((p) => p.pid === event.pid);
      journals[index] ??= [];
      if (event.type === 'received') journals[index].push(describeRead(event.message));
      else if (event.type === 'stdin-closed') journals[index].push('eof');
    });
    const lines: string[] = [];
    const subject = fromStdioServer({
      command: 'fake-journal',
      spawn: fake.spawn,
      stderr: { next: (line) => lines.push(line) },
    });
    return {
      subject,
      stderr: lines,
      starts: () => fake.processes.length,
      ended: async (index) => {
        await waitFor(
          () => fake.processes[index]?.exitStatus != null,
          `fake process ${index} to exit`,
          ENDED_WITHIN_MS,
        );
        const { code, signal } = fake.processes[index].exitStatus ?? { code: null, signal: null };
        return { journal: journals[index] ?? [], exit: { code, signal } };
      },
      dispose: () => Promise.resolve(),
    };
  },
};

/** `fakeMcpServer().transport`, its handlers answering like the echo fixture. */
export const fakeMcp: Rig = {
  name: 'fakeMcpServer()',
  make() {
    const server = fakeMcpServer({
      handlers: {
        emit: (params) => {
          for (const frame of (params.frames as JsonRpcMessage[] | undefined) ?? []) {
            server.current?.frames.next(frame);
          }
          return { emitted: ((params.frames as unknown[] | undefined) ?? []).length };
        },
        exit: (params) => {
          // The end comes after this request is taken in, as a process exits after reading it.
          void Promise.resolve().then(() => {
            if (params.code === 0 || params.code === undefined) server.exit();
            else server.crash();
          });
          return NEVER;
        },
        hold: () => NEVER,
      },
    });
    const { transport } = server;
    const subject = transport as Observable<JsonRpcMessage> & Observer<JsonRpcMessage>;
    return {
      subject,
      stderr: [],
      starts: () => server.connections.length,
      ended: async (index) => {
        await waitFor(
          () => server.connections[index]?.endedBy != null,
          `fake MCP connection ${index} to end`,
          ENDED_WITHIN_MS,
        );
        const connection = server.connections[index];
        const journal = connection.received.map(describeRead);
        // Its instrument is how it ended: the client closed the input (EOF, then exit 0), it
        // exited (0) or it crashed (1).
        if (connection.endedBy === 'client') journal.push('eof');
        return { journal, exit: { code: connection.endedBy === 'crash' ? 1 : 0, signal: null } };
      },
      dispose: () => Promise.resolve(),
    };
  },
};

export const RIGS: readonly Rig[] = [realProcess, fakeProcess, fakeMcp];
