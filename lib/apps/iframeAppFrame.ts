/**
 * The frame of a view in a page: an iframe of the sandbox proxy, served from another origin than
 * the host page (so neither it nor the view inside it can reach the page, its storage or its
 * relay token), and a transport that takes messages from that iframe's window and origin only.
 * The proxy puts the view in its own iframe (`allow-scripts` only: an opaque origin) and relays.
 * Typed structurally (no DOM library needed to compile it); the browser tests run it.
 */
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import type { McpAppFrame, McpAppFrameFactory } from './McpAppFrame.js';

/** The window of an iframe, as the host reaches it. */
export interface FrameWindowLike {
  /** Posts a message to it, for the given origin only. */
  postMessage(message: unknown, targetOrigin: string): void;
}

/** The inline style of an iframe, as far as this sets it. */
export interface FrameStyleLike {
  /** Its height (the view's, from its size changes). */
  height: string;
  /** Its width (the container's). */
  width: string;
  /** Its border (none). */
  border: string;
}

/** The document that makes iframes. */
export interface DocumentLike {
  /** Makes an iframe. */
  createElement(tag: 'iframe'): unknown;
}

/** The little of an `<iframe>` this uses. */
export interface IframeLike {
  /** Sets an attribute (`sandbox`, `allow`, `src`...). */
  setAttribute(name: string, value: string): void;
  /** Its window, once it has one: where the host posts. */
  readonly contentWindow: FrameWindowLike | null;
  /** Its inline style: its size. */
  readonly style: FrameStyleLike;
  /** Takes it out of the page. */
  remove(): void;
}

/** The little of a `message` event this uses. */
export interface WindowMessageEvent {
  /** The window that posted it. */
  readonly source: unknown;
  /** That window's origin. */
  readonly origin: string;
  /** The message. */
  readonly data: unknown;
}

/** The host page's window, as far as this uses it. */
export interface HostWindowLike {
  /** Where the page is: its origin goes to the proxy, which posts only to it. */
  readonly location: {
    /** The page's origin. */
    readonly origin: string;
  };
  /** Listens to `message` events. */
  addEventListener(type: 'message', listener: (event: WindowMessageEvent) => void): void;
  /** Stops listening. */
  removeEventListener(type: 'message', listener: (event: WindowMessageEvent) => void): void;
}

/** The element a frame goes into, as far as this uses it. */
export interface ContainerLike {
  /** Adds the iframe. */
  appendChild(node: never): unknown;
  /** The document that makes the iframe. */
  readonly ownerDocument: DocumentLike;
}

/** The options of `iframeAppFrame()`. */
export interface IframeAppFrameOptions {
  /** Where the frame goes (its `ownerDocument` makes the iframe). */
  container: ContainerLike;
  /**
   * The sandbox proxy page's URL, on another origin than the page: `appSandboxPage()` of the relay
   * entry, served by `startLoopbackServer()` on a port of its own. The page's origin is added as `?host=`.
   */
  sandboxUrl: string;
  /** The host page's window. Default `globalThis` (the page's `window`). */
  window?: HostWindowLike;
  /**
   * The tallest the frame gets, in CSS pixels: a view that asks for more (a hostile one may ask
   * for a billion) gets this and scrolls inside. Default 4096.
   */
  maxHeight?: number;
}

/** The default of `IframeAppFrameOptions.maxHeight`, in CSS pixels. */
export const DEFAULT_MAX_VIEW_HEIGHT = 4096;

/** Whether a value looks like a JSON-RPC 2.0 message (the rest is other traffic of the page). */
function isJsonRpc(data: unknown): data is JSONRPCMessage {
  return typeof data === 'object' && data !== null && (data as { jsonrpc?: unknown }).jsonrpc === '2.0';
}

/**
 * Frames of views in a page, for `mcpAppView({ frame })`.
 *
 * @example
 * ```ts
 * mcpAppView({ tool, server, frame: iframeAppFrame({ container: element, sandboxUrl }) });
 * ```
 *
 * @param options The container, the sandbox proxy's URL and the window.
 * @returns The frame factory.
 */
export function iframeAppFrame(options: IframeAppFrameOptions): McpAppFrameFactory {
  const maxHeight = options.maxHeight ?? DEFAULT_MAX_VIEW_HEIGHT;
  return ({ allow, foreignMessage }): McpAppFrame => {
    const page = options.window ?? (globalThis as unknown as HostWindowLike);
    const url = new URL(options.sandboxUrl);
    if (url.origin === page.location.origin) {
      throw new Error(`The sandbox proxy must be on another origin than the page (${url.origin})`);
    }
    url.searchParams.set('host', page.location.origin);
    const iframe = options.container.ownerDocument.createElement('iframe') as IframeLike;
    // Its own origin is the proxy's, not the page's: allow-same-origin keeps that origin (so the
    // page can address it), it never grants the page's.
    iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin');
    if (allow !== '') iframe.setAttribute('allow', allow);
    iframe.setAttribute('referrerpolicy', 'no-referrer');
    iframe.setAttribute('src', url.href);
    iframe.style.width = '100%';
    iframe.style.border = '0';
    iframe.style.height = '0';

    let listener: ((event: WindowMessageEvent) => void) | undefined;
    const transport: Transport = {
      start: () => {
        listener = (event) => {
          if (!isJsonRpc(event.data)) return;
          if (event.source !== iframe.contentWindow || event.origin !== url.origin) {
            foreignMessage(event.origin);
            return;
          }
          transport.onmessage?.(event.data);
        };
        page.addEventListener('message', listener);
        return Promise.resolve();
      },
      send: (message) => {
        iframe.contentWindow?.postMessage(message, url.origin);
        return Promise.resolve();
      },
      close: () => {
        if (listener !== undefined) page.removeEventListener('message', listener);
        listener = undefined;
        transport.onclose?.();
        return Promise.resolve();
      },
    };
    options.container.appendChild(iframe as never);
    return {
      transport,
      resize: ({ height }) => {
        if (height !== undefined && Number.isFinite(height)) {
          iframe.style.height = `${Math.min(Math.max(0, height), maxHeight)}px`;
        }
      },
      remove: () => {
        iframe.remove();
      },
    };
  };
}
