/**
 * Process-free servers for the host's marble tests: `connect` makes a fake MCP server (the public
 * `fakeMcpServer` of rxjs-mcp-stdio/testing) per start, records every start and stop, and can make a start
 * crash or end after a delay in virtual time.
 */
import { NEVER, Observable, Subscription, timer } from 'rxjs';
import type { JsonRpcMessage } from '../../lib/transport/JsonRpcMessage.js';
import type { McpHostConnect } from '../../lib/host/index.js';
import type { Tool } from '../../lib/session/index.js';
import { fakeMcpServer, type FakeMcpHandler, type FakeMcpServer } from '../../lib/testing/index.js';

/** How one start of a server behaves. */
export interface FakeStart {
  /** Its tools (default one tool, `echo`). */
  tools?: Tool[];
  /** Virtual ms after subscribe at which the process "crashes" (the transport errors). */
  crashAfter?: number;
  /** Virtual ms after subscribe at which it exits cleanly (the transport completes). */
  exitAfter?: number;
  /** Never answer `initialize` (a hung handshake). */
  silent?: boolean;
  /** Never answer `ping`. */
  deafToPing?: boolean;
  /** Extra handlers by method (the fake's `handlers`). */
  script?: Record<string, FakeMcpHandler>;
}

/** A tool with a name and an empty input schema. */
export function tool(name: string): Tool {
  return { name, inputSchema: { type: 'object' } };
}

/** The fleet: the host's `connect`, and what happened. */
export interface FakeFleet {
  connect: McpHostConnect;
  /** `+name#n` on each subscribe (spawn) and `-name#n` on each unsubscribe (shutdown), in order. */
  log: string[];
  /** Each start's fake server, by server name. */
  starts: Map<string, FakeMcpServer[]>;
}

/**
 * Makes a fleet. `behave(name, n)` says how start `n` (from 1) of server `name` behaves.
 *
 * @param behave The behaviour of each start.
 * @returns The fleet.
 */
export function fakeFleet(behave: (name: string, start: number) => FakeStart = () => ({})): FakeFleet {
  const log: string[] = [];
  const starts = new Map<string, FakeMcpServer[]>();
  let pids = 1000;
  const connect: McpHostConnect = (name, _definition, onSpawn) => {
    const list = starts.get(name) ?? [];
    starts.set(name, list);
    const n = list.length + 1;
    const behaviour = behave(name, n);
    const tools = behaviour.tools ?? [tool('echo')];
    const server = fakeMcpServer({
      tools,
      prompts: [],
      resources: [],
      capabilities: {
        tools: { listChanged: true },
        prompts: {},
        resources: { subscribe: true, listChanged: true },
        logging: {},
      },
      handlers: {
        ...(behaviour.silent === true ? { initialize: () => NEVER } : {}),
        ...(behaviour.deafToPing === true ? { ping: () => NEVER } : {}),
        // Any tool name is answered, naming the server, the start and the tool.
        'tools/call': (params) => ({
          content: [{ type: 'text', text: `${name}#${n}:${String(params.name)}` }],
        }),
        ...behaviour.script,
      },
    });
    list.push(server);
    const pid = ++pids;
    const incoming = new Observable<JsonRpcMessage>((subscriber) => {
      log.push(`+${name}#${n}`);
      onSpawn(pid);
      const subscription = new Subscription();
      subscription.add(server.transport.subscribe(subscriber));
      if (behaviour.crashAfter !== undefined) {
        subscription.add(
          timer(behaviour.crashAfter).subscribe(() => {
            subscriber.error(new Error(`${name}#${n} crashed`));
          }),
        );
      }
      if (behaviour.exitAfter !== undefined) {
        subscription.add(
          timer(behaviour.exitAfter).subscribe(() => {
            subscriber.complete();
          }),
        );
      }
      return () => {
        log.push(`-${name}#${n}`);
        subscription.unsubscribe();
      };
    });
    return Object.assign(incoming, {
      next: (message: JsonRpcMessage) => {
        server.transport.next(message);
      },
      complete: () => undefined,
      error: () => undefined,
    });
  };
  return { connect, log, starts };
}
