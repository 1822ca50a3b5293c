import type { McpSchema } from './schemas/McpSchema.js';

/**
 * Options of one request.
 *
 * @example
 * ```ts
 * session.callTool('trigger-long-running-operation', { duration: 30 }, { timeout: 10_000, maxTotalTimeout: 120_000 });
 * ```
 *
 * @typeParam T The type of the result.
 */
export interface McpRequestOptions<T = unknown> {
  /**
   * Milliseconds to wait for the answer (restarted by each progress notification when
   * `resetTimeoutOnProgress`); `Infinity` waits forever. Default: the session's `requestTimeout`.
   */
  timeout?: number;
  /** Whether a progress notification for this request restarts `timeout`. Default `true`. */
  resetTimeoutOnProgress?: boolean;
  /**
   * Milliseconds after which the request fails whatever progress arrives. Default `Infinity`.
   */
  maxTotalTimeout?: number;
  /**
   * The schema the result must match, e.g. a `*ResultSchema` of `@modelcontextprotocol/core`.
   * Default: the MCP result schema of the method when the session knows it, else any object.
   */
  schema?: McpSchema<T>;
  /**
   * Whether `callTool` and `requestWithProgress` ask the server for progress (send a
   * `_meta.progressToken`). Default `true`; `false` when no one shows progress: the server then
   * skips its progress bookkeeping and the call emits only its result. `request` never asks.
   */
  progress?: boolean;
  /**
   * Sent as the request's `_meta` (merged over a `_meta` in the params given): what the SDK's
   * `Client` takes as `params._meta`, e.g. a key of an extension the server reads.
   */
  meta?: Record<string, unknown>;
}
