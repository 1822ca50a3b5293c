/**
 * `iframeAppFrame()` against a page made of plain objects (it is typed structurally): the
 * iframe it makes, the messages it takes (from its own frame's window and origin only), what it
 * reports as foreign, and the sizes a view may ask for, hostile ones included. The browser tests
 * (web/e2e) run it in Chromium.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { iframeAppFrame, type WindowMessageEvent } from '../../lib/apps/index.js';

const SANDBOX = 'http://127.0.0.1:4001/sandbox.html';
const PAGE_ORIGIN = 'http://127.0.0.1:4000';

/** A page with one container; records what the frame does to it. */
function fakePage() {
  const posted: { message: unknown; origin: string }[] = [];
  const contentWindow = {
    postMessage: (message: unknown, origin: string) => posted.push({ message, origin }),
  };
  const iframe = {
    attributes: new Map<string, string>(),
    contentWindow,
    style: { height: '', width: '', border: '' },
    removed: false,
    setAttribute(name: string, value: string) {
      this.attributes.set(name, value);
    },
    remove() {
      this.removed = true;
    },
  };
  const listeners = new Set<(event: WindowMessageEvent) => void>();
  const page = {
    location: { origin: PAGE_ORIGIN },
    addEventListener: (_type: 'message', listener: (event: WindowMessageEvent) => void) =>
      listeners.add(listener),
    removeEventListener: (_type: 'message', listener: (event: WindowMessageEvent) => void) =>
      listeners.delete(listener),
  };
  const appended: unknown[] = [];
  const container = {
    appendChild: (node: never) => appended.push(node),
    ownerDocument: { createElement: () => iframe },
  };
  const dispatch = (event: WindowMessageEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  return { posted, contentWindow, iframe, listeners, page, appended, container, dispatch };
}

const ping: JSONRPCMessage = { jsonrpc: '2.0', id: 1, method: 'ping' };

describe('iframeAppFrame', () => {
  it('makes a sandboxed iframe of the proxy on its own origin, told the page origin, and takes messages from it alone', async () => {
    const p = fakePage();
    const foreign: string[] = [];
    const frame = iframeAppFrame({ container: p.container, sandboxUrl: SANDBOX, window: p.page })({
      allow: 'clipboard-write',
      foreignMessage: (origin) => foreign.push(origin),
    });
    expect(p.appended).toEqual([p.iframe]);
    expect(Object.fromEntries(p.iframe.attributes)).toEqual({
      sandbox: 'allow-scripts allow-same-origin',
      allow: 'clipboard-write',
      referrerpolicy: 'no-referrer',
      src: `${SANDBOX}?host=${encodeURIComponent(PAGE_ORIGIN)}`,
    });
    const received: JSONRPCMessage[] = [];
    frame.transport.onmessage = (message) => received.push(message);
    await frame.transport.start();
    const proxyOrigin = new URL(SANDBOX).origin;
    // Another window on the proxy's origin, the right window on another origin, then the frame.
    p.dispatch({ source: {}, origin: proxyOrigin, data: ping });
    p.dispatch({ source: p.contentWindow, origin: 'https://evil.example', data: ping });
    p.dispatch({ source: p.contentWindow, origin: proxyOrigin, data: 'not json-rpc' });
    p.dispatch({ source: p.contentWindow, origin: proxyOrigin, data: ping });
    expect(foreign).toEqual([proxyOrigin, 'https://evil.example']);
    expect(received).toEqual([ping]);
    // The host posts to the proxy's origin only.
    await frame.transport.send(ping);
    expect(p.posted).toEqual([{ message: ping, origin: proxyOrigin }]);
    await frame.transport.close();
    expect(p.listeners.size).toBe(0);
    frame.remove();
    expect(p.iframe.removed).toBe(true);
  });

  it.each([
    { asked: 120, height: '120px' },
    { asked: 0, height: '0px' },
    { asked: -50, height: '0px' },
    { asked: 4096, height: '4096px' },
    { asked: 1e9, height: '4096px' },
    { asked: Number.NaN, height: '0' },
    { asked: Number.POSITIVE_INFINITY, height: '0' },
  ])('a view asking for height $asked gets $height', ({ asked, height }) => {
    const p = fakePage();
    const frame = iframeAppFrame({ container: p.container, sandboxUrl: SANDBOX, window: p.page })({
      allow: '',
      foreignMessage: () => undefined,
    });
    frame.resize?.({ height: asked });
    expect(p.iframe.style.height).toBe(height);
    expect(p.iframe.attributes.has('allow')).toBe(false);
  });

  it('keeps to its own maxHeight, view after view', () => {
    const p = fakePage();
    const frames = iframeAppFrame({
      container: p.container,
      sandboxUrl: SANDBOX,
      window: p.page,
      maxHeight: 600,
    });
    for (const asked of [500, 601, 10_000]) {
      frames({ allow: '', foreignMessage: () => undefined }).resize?.({ height: asked });
      expect(p.iframe.style.height).toBe(`${Math.min(asked, 600)}px`);
    }
  });

  it('refuses a sandbox on the page origin: the view could reach the page', () => {
    const p = fakePage();
    expect(() =>
      iframeAppFrame({ container: p.container, sandboxUrl: `${PAGE_ORIGIN}/sandbox.html`, window: p.page })({
        allow: '',
        foreignMessage: () => undefined,
      }),
    ).toThrow(`The sandbox proxy must be on another origin than the page (${PAGE_ORIGIN})`);
    expect(p.appended).toEqual([]);
  });
});
