/**
 * The page of the MessagePort e2e test: the owner. For each peer (a Web Worker or an iframe) it
 * makes a channel, hands one port over, and serves the other with `serveMessagePort()` to a
 * process-free fake MCP server of its own, once the peer says it has subscribed (so the peer's
 * first messages wait in the port). The test drives it through `window.portTest`.
 */
import { map, switchMap, timer } from 'rxjs';
import { serveMessagePort, type MessagePortServeEvent } from 'rxjs-mcp-stdio/port';
import { fakeMcpServer, type FakeMcpServer } from 'rxjs-mcp-stdio/testing';
import type { SessionCommand, SessionReport } from './session.js';

/** The owner's ping interval here: short, so a terminated worker is noticed quickly. */
export const HEARTBEAT = 250;

/** One served port of a peer. */
interface Serving {
  server: FakeMcpServer;
  events: string[];
  ended: boolean;
}

/** A worker or an iframe, its reports and the ports served for it (one per document). */
interface Peer {
  reports: SessionReport[];
  servings: Serving[];
  send(command: SessionCommand): void;
  worker?: Worker;
  frame?: HTMLIFrameElement;
}

/** What the test reads of a peer. */
export interface PeerState {
  reports: SessionReport[];
  /** Per served port: what serveMessagePort reported, whether serving ended, the fake's connections. */
  servings: { events: string[]; ended: boolean; connections: number; open: boolean; initializes: number }[];
}

/** What the test calls. */
export interface PortTestApi {
  startWorker(name: string, hostile: boolean): void;
  startFrame(name: string): void;
  command(name: string, command: SessionCommand): void;
  terminate(name: string): void;
  reloadFrame(name: string): void;
  setTools(name: string, names: string[]): void;
  state(name: string): PeerState;
}

const peers = new Map<string, Peer>();

function makeServer(): FakeMcpServer {
  return fakeMcpServer({
    tools: [
      {
        name: 'ask',
        inputSchema: { type: 'object' },
        call: (_args, context) => {
          context.progress(1, 2);
          return context
            .request('elicitation/create', {
              message: 'Your name?',
              requestedSchema: { type: 'object', properties: { name: { type: 'string' } } },
            })
            .pipe(
              switchMap((answer) => timer(20).pipe(map(() => answer))),
              map((answer) => ({ content: [{ type: 'text' as const, text: JSON.stringify(answer) }] })),
            );
        },
      },
    ],
    resources: [{ uri: 'memo://one', name: 'one', text: 'the memo' }],
  });
}

const brief = (event: MessagePortServeEvent): string =>
  event.type === 'disconnected'
    ? `disconnected:${event.reason}`
    : event.type === 'malformed'
      ? `malformed:${event.reason}`
      : event.type;

/** Serves `port` for `peer` with a fresh fake server. */
function serve(peer: Peer, port: MessagePort): void {
  const serving: Serving = { server: makeServer(), events: [], ended: false };
  peer.servings.push(serving);
  serveMessagePort(port, serving.server.transport, { heartbeat: HEARTBEAT }).subscribe({
    next: (event) => serving.events.push(brief(event)),
    complete: () => (serving.ended = true),
  });
}

function peer(name: string): Peer {
  const found = peers.get(name);
  if (found === undefined) throw new Error(`no peer ${name}`);
  return found;
}

const api: PortTestApi = {
  startWorker(name, hostile) {
    const worker = new Worker('/worker.js');
    const { port1, port2 } = new MessageChannel();
    const entry: Peer = { reports: [], servings: [], send: (c) => worker.postMessage(c), worker };
    peers.set(name, entry);
    worker.addEventListener('message', (event: MessageEvent<SessionReport>) => {
      entry.reports.push(event.data);
      if (event.data.type === 'subscribed') serve(entry, port1);
    });
    worker.postMessage({ hostile }, [port2]);
  },
  startFrame(name) {
    const frame = document.createElement('iframe');
    frame.src = '/frame.html';
    let pending: MessagePort | null = null;
    const entry: Peer = {
      reports: [],
      servings: [],
      send: (c) => frame.contentWindow?.postMessage(c, location.origin),
      frame,
    };
    peers.set(name, entry);
    window.addEventListener('message', (event: MessageEvent<SessionReport | { type: 'hello' }>) => {
      if (event.source !== frame.contentWindow || event.origin !== location.origin) return;
      if (event.data.type === 'hello') {
        // A new document: a new channel.
        const { port1, port2 } = new MessageChannel();
        pending = port1;
        frame.contentWindow?.postMessage({}, location.origin, [port2]);
        return;
      }
      entry.reports.push(event.data);
      if (event.data.type === 'subscribed' && pending !== null) {
        serve(entry, pending);
        pending = null;
      }
    });
    document.body.append(frame);
  },
  command: (name, command) => peer(name).send(command),
  terminate: (name) => peer(name).worker?.terminate(),
  reloadFrame: (name) => peer(name).frame?.contentWindow?.location.reload(),
  setTools: (name, names) =>
    peer(name)
      .servings.at(-1)
      ?.server.setTools(names.map((n) => ({ name: n, inputSchema: { type: 'object' as const } }))),
  state: (name) => {
    const { reports, servings } = peer(name);
    return {
      reports,
      servings: servings.map((s) => ({
        events: s.events,
        ended: s.ended,
        connections: s.server.connections.length,
        open: s.server.current !== undefined,
        initializes: s.server.count('initialize'),
      })),
    };
  },
};
(window as unknown as { portTest: PortTestApi }).portTest = api;
