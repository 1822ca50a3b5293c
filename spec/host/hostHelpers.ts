/**
 * Helpers for the host's marble tests: a one-line summary of a state (what the tests compare),
 * and a recorder of every distinct summary with its virtual time.
 */
import { distinctUntilChanged, map, type Observable, type Subscription } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import type { McpHostState, McpServerState } from '../../lib/host/index.js';

/** One server in a few characters: `a=ready`, `a=restarting#2+2000:a#1 crashed`, … */
export function serverSummary(server: McpServerState): string {
  switch (server.status) {
    case 'starting':
      return `${server.name}=starting#${server.attempt}`;
    case 'restarting':
      return `${server.name}=restarting#${server.attempt}+${server.nextTryIn}:${message(server.error)}`;
    case 'failed':
      return `${server.name}=failed(${server.restarts}):${message(server.error)}`;
    case 'unsupported':
      return `${server.name}=unsupported(${server.transport})`;
    default:
      return `${server.name}=${server.status}`;
  }
}

/** The whole host in one line: servers, then the catalog's names, then conflicts and config errors. */
export function hostSummary(state: McpHostState): string {
  const parts = Object.values(state.servers).map(serverSummary);
  if (state.tools.length > 0) parts.push(`tools:${state.tools.map((t) => t.name).join(',')}`);
  for (const conflict of state.conflicts) parts.push(`conflict:${conflict.name}`);
  if (state.configError !== null) parts.push('config-error');
  return parts.join(' ');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Distinct summaries with their virtual times (`'1005 a=ready'`). */
export function record(
  scheduler: TestScheduler,
  host: Observable<McpHostState>,
): { lines: string[]; subscription: Subscription } {
  const lines: string[] = [];
  const subscription = host.pipe(map(hostSummary), distinctUntilChanged()).subscribe({
    next: (line) => lines.push(`${scheduler.now()} ${line}`),
    error: (error: unknown) => lines.push(`${scheduler.now()} error ${message(error)}`),
    complete: () => lines.push(`${scheduler.now()} complete`),
  });
  return { lines, subscription };
}
