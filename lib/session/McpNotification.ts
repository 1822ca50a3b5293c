/**
 * A notification from the server, as `session.notifications$` emits it.
 *
 * @example
 * ```ts
 * session.notifications$.pipe(filter((n) => n.method === 'notifications/resources/list_changed'));
 * ```
 */
export interface McpNotification {
  /** The method, e.g. `'notifications/progress'`. */
  method: string;
  /** The params, as the server sent them (absent when it sent none). */
  params?: Record<string, unknown>;
}
