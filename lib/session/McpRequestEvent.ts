/**
 * A progress notification for a request: `progress` grows, `total` may be known.
 *
 * @example
 * ```ts
 * { type: 'progress', progress: 2, total: 5 }
 * ```
 */
export interface McpProgressEvent {
  /** Discriminant. */
  type: 'progress';
  /** Progress so far (increases with each notification). */
  progress: number;
  /** The total, when the server knows it. */
  total?: number;
  /** A human-readable message, when the server sends one. */
  message?: string;
}

/**
 * The answer to a request; the last event of a request with progress.
 *
 * @typeParam T The type of the result.
 */
export interface McpResultEvent<T> {
  /** Discriminant. */
  type: 'result';
  /** The result. */
  result: T;
}

/**
 * What a request with progress emits: any number of `progress` events, then one `result`.
 *
 * @example
 * ```ts
 * session.callTool('build').subscribe((e) => (e.type === 'progress' ? bar.set(e.progress / (e.total ?? 100)) : show(e.result)));
 * ```
 *
 * @typeParam T The type of the result.
 */
export type McpRequestEvent<T> = McpProgressEvent | McpResultEvent<T>;
