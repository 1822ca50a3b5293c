/**
 * Where a view lives: the one thing of `mcpAppView()` that touches a page. In a browser it is
 * `iframeAppFrame()` (the sandbox proxy's iframe on another origin, the view's inside it); in
 * tests, a fake with the view's side in memory. Kept this small so that the whole lifecycle runs
 * in Node, in virtual time.
 */
import type { Transport } from '@modelcontextprotocol/client';

/** What `mcpAppView()` asks of a frame when it mounts one. */
export interface McpAppFrameRequest {
  /** The `allow` attribute the view's permissions map to (`''`: none). */
  readonly allow: string;
  /**
   * Called for each JSON-RPC message the frame's transport dropped because it came from
   * anything but the view's own frame (another window, another origin).
   *
   * @param origin The sender's origin, as far as it is known.
   */
  readonly foreignMessage: (origin: string) => void;
}

/** A mounted frame. */
export interface McpAppFrame {
  /** The host's end of the channel with the sandbox proxy (and, through it, the view). */
  readonly transport: Transport;
  /**
   * Sizes the frame as the view asked (`ui/notifications/size-changed`).
   *
   * @param size The view's size in CSS pixels.
   */
  resize?(size: { width?: number; height?: number }): void;
  /** Removes the frame from the page. Called once, at the end of teardown. */
  remove(): void;
}

/** Mounts a frame: `iframeAppFrame(...)` in a page. */
export type McpAppFrameFactory = (request: McpAppFrameRequest) => McpAppFrame;
