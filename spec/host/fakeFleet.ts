/**
 * Process-free servers for the host's marble tests: `connect` makes a scripted MCP server (see
 * spec/session/scriptedServer.ts) per start, records every start and stop, and can make a start
 * crash or end after a delay in virtual time.
 */
import { Observable, Subscription, timer } from 'rxjs';
import type { JsonRpcMessage } from '../../lib/JsonRpcMessage.js';
import type { McpHostConnect } from '../../lib/host/index.js';
import type { Tool } from '../../lib/session/index.js';
import {
  initializeResult,
  reply,
  scriptedServer,
  type Responder,
  type ScriptedServer,
} from '../session/scriptedServer.js';

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
  /** Extra responders by method. */
  script?: Record<string, Responder>;
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
  /** Each start's scripted server, by server name. */
  starts: Map<string, ScriptedServer[]>;
}

/**
 * Makes a fleet. `behave(name, n)` says how start `n` (from 1) of server `name` behaves.
 *
 * @param behave The behaviour of each start.
 * @returns The fleet.
 */
export function fakeFleet(behave: (name: string, start: number) => FakeStart = () => ({})): FakeFleet {
  const log: string[] = [];
  const starts = new Map<string, ScriptedServer[]>();
  let pids = 1000;
  const connect: McpHostConnect = (name, _definition, onSpawn) => {
    const list = starts.get(name) ?? [];
    starts.set(name, list);
    const n = list.length + 1;
    const behaviour = behave(name, n);
    const tools = behaviour.tools ?? [tool('echo')];
    const server = scriptedServer({
      ...(behaviour.silent === true ? { initialize: () => [] } : {}),
      'tools/list': (m) => [reply(m, { tools })],
      'prompts/list': (m) => [reply(m, { prompts: [] })],
      'resources/list': (m) => [reply(m, { resources: [] })],
      ping: (m) => (behaviour.deafToPing === true ? [] : [reply(m, {})]),
      'tools/call': (m) => [
        reply(m, { content: [{ type: 'text', text: `${name}#${n}:${String(m.params?.name)}` }] }),
      ],
      ...behaviour.script,
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

export { initializeResult };
