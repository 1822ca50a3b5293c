/**
 * A frame without a page, for the lifecycle tests: an in-memory channel whose far end plays the
 * sandbox proxy (it says it is ready, takes `sandbox-resource-ready` once, then relays) in front
 * of ext-apps' own view-side `App`, so the host is checked against the official client of the
 * protocol. Messages are delivered on microtasks, as postMessage delivers them asynchronously.
 */
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { App } from '@modelcontextprotocol/ext-apps';
import type { TestScheduler } from 'rxjs/testing';
import type { McpAppFrame, McpAppFrameFactory, McpAppFrameRequest } from '../../lib/apps/index.js';
import { advance } from '../support/marbles.js';

/** One end of a linked pair. */
interface End extends Transport {
  peer?: End;
  closed: boolean;
}

/** Two linked transports; each delivers to the other on a microtask. */
export function linkedPair(): [End, End] {
  const make = (): End => {
    const end: End = {
      closed: false,
      start: () => Promise.resolve(),
      send: (message: JSONRPCMessage) => {
        if (end.closed) return Promise.reject(new Error('closed'));
        const peer = end.peer;
        queueMicrotask(() => {
          if (peer !== undefined && !peer.closed) peer.onmessage?.(structuredClone(message));
        });
        return Promise.resolve();
      },
      close: () => {
        if (!end.closed) {
          end.closed = true;
          end.onclose?.();
          if (end.peer !== undefined && !end.peer.closed) void end.peer.close();
        }
        return Promise.resolve();
      },
    };
    return end;
  };
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

/** A mounted fake frame: what the host gave it, and the view. */
export interface FakeMountedFrame {
  request: McpAppFrameRequest;
  /** The HTML the proxy got (with its policy), once it got it. */
  html?: string;
  /** The view, once the proxy made it. */
  app?: App;
  /** What the view saw the host send, in order (`input`, `partial`, `result`, `cancelled`, `teardown`). */
  seen: string[];
  /** `resize` calls. */
  sizes: { width?: number; height?: number }[];
  removed: boolean;
}

/** The options of the fake view. */
export interface FakeViewOptions {
  /** Whether the view answers `ui/resource-teardown` (default true). */
  answersTeardown?: boolean;
  /** Whether the view connects (runs `ui/initialize`) at all (default true). */
  connects?: boolean;
}

/** A frame factory whose frames are recorded in `frames`. */
export function fakeAppFrame(view: FakeViewOptions = {}): {
  frame: McpAppFrameFactory;
  frames: FakeMountedFrame[];
} {
  const frames: FakeMountedFrame[] = [];
  const frame: McpAppFrameFactory = (request): McpAppFrame => {
    const mounted: FakeMountedFrame = { request, seen: [], sizes: [], removed: false };
    frames.push(mounted);
    const [host, proxy] = linkedPair();
    let toView: End | undefined;
    proxy.onmessage = (message) => {
      if ('method' in message && message.method === 'ui/notifications/sandbox-resource-ready') {
        if (mounted.app !== undefined) return;
        mounted.html = String((message.params as { html?: unknown }).html);
        const [proxySide, viewSide] = linkedPair();
        toView = proxySide;
        proxySide.onmessage = (fromView) => void proxy.send(fromView).catch(() => undefined);
        const app = new App({ name: 'fake-view', version: '1.0.0' }, {}, { autoResize: false });
        app.ontoolinput = ({ arguments: args }) => mounted.seen.push(`input ${JSON.stringify(args)}`);
        app.ontoolinputpartial = ({ arguments: args }) =>
          mounted.seen.push(`partial ${JSON.stringify(args)}`);
        app.ontoolresult = (result) => mounted.seen.push(`result ${JSON.stringify(result.content)}`);
        app.ontoolcancelled = ({ reason }) => mounted.seen.push(`cancelled ${String(reason)}`);
        app.onteardown = () => {
          mounted.seen.push('teardown');
          return view.answersTeardown === false ? new Promise(() => undefined) : {};
        };
        mounted.app = app;
        if (view.connects !== false) void app.connect(viewSide).catch(() => undefined);
        return;
      }
      if (toView !== undefined) void toView.send(message).catch(() => undefined);
    };
    // The proxy is ready as soon as the host listens.
    const start = host.start.bind(host);
    host.start = async () => {
      await start();
      void proxy
        .send({ jsonrpc: '2.0', method: 'ui/notifications/sandbox-proxy-ready', params: {} })
        .catch(() => undefined);
    };
    return {
      transport: host,
      resize: (size) => mounted.sizes.push(size),
      remove: () => {
        mounted.removed = true;
        void proxy.close();
        void toView?.close();
      },
    };
  };
  return { frame, frames };
}

/**
 * Waits until `done()` holds, letting promises and microtasks run between checks (the bridge and
 * the view speak through promises) and, given a virtual `scheduler`, its actions due now; fails
 * after 200 event-loop turns. Bounded, no clock.
 */
export async function until(done: () => boolean, what: string, scheduler?: TestScheduler): Promise<void> {
  for (let turn = 0; turn < 200; turn += 1) {
    if (scheduler !== undefined) advance(scheduler, 0);
    if (done()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`Not reached: ${what}`);
}
