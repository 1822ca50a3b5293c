/**
 * The parts of the demo that need tools of the reference "everything" server: simulated server
 * logging, a long-running operation with progress, and a cancelled call. Each part runs only
 * when the server lists the tool it needs, with the arguments its input schema declares; no
 * other tool is ever called.
 */
import { filter, lastValueFrom, takeWhile, tap, type Observable } from 'rxjs';
import type { JsonRpcMessage } from '../lib/session/index.js';
import type { CallToolResult, McpRequestEvent, McpSession, Tool } from '../lib/session/index.js';
import { progressText, type Terminal } from './terminal.js';

export const LONG_RUNNING = 'trigger-long-running-operation';
export const SIMULATED_LOGGING = 'toggle-simulated-logging';

/** What the tour works with. */
export interface TourContext {
  session: McpSession;
  /** The server's tools, as first listed. */
  tools: readonly Tool[];
  term: Terminal;
  /** Every message the client sends to the server. */
  outgoing$: Observable<JsonRpcMessage>;
}

/**
 * Runs every part the server has the tools for.
 *
 * @param context The session and where to print.
 * @returns Resolves when done; the server has nothing left running for us.
 */
export async function everythingTour(context: TourContext): Promise<void> {
  const { session, tools, term } = context;
  const byName = (name: string) => tools.find((tool) => tool.name === name);
  const logging = byName(SIMULATED_LOGGING) !== undefined && session.serverCapabilities.logging !== undefined;
  const longRunning = byName(LONG_RUNNING);
  const canRunLong = longRunning !== undefined && declaresNumbers(longRunning, ['duration', 'steps']);
  if (!logging && !canRunLong) {
    term.line('tour', `(no ${LONG_RUNNING} or ${SIMULATED_LOGGING} here: nothing is called)`);
    return;
  }
  if (logging) {
    await toggle(session, SIMULATED_LOGGING);
    term.line('logging', `called ${SIMULATED_LOGGING}: the server logs now (and every 5 s)`);
  }
  if (canRunLong) {
    // The cancelled call first: the server goes on with it for a second (this tool does not stop
    // on cancellation), which is over by the end of the next call, so the server has nothing
    // left running when its stdin is closed.
    await showCancellation(context);
    await showProgress(context);
  }
  if (logging) {
    await toggle(session, SIMULATED_LOGGING);
    term.line('logging', `called ${SIMULATED_LOGGING} again: simulated logging stopped`);
  }
}

/** Whether the tool's input schema declares each of `names` as a number. */
function declaresNumbers(tool: Tool, names: readonly string[]): boolean {
  const properties: Record<string, unknown> = tool.inputSchema.properties ?? {};
  return names.every((name) => {
    const property = properties[name];
    return (
      typeof property === 'object' && property !== null && 'type' in property && property.type === 'number'
    );
  });
}

/** The text blocks of a tool result, joined. */
export function textOf(result: CallToolResult): string {
  return result.content
    .map((block) => (block.type === 'text' ? block.text : `[${block.type}]`))
    .join(' ')
    .trim();
}

/** The result of a call, its progress dropped; a result with `isError` rejects. */
async function resultOf(events$: Observable<McpRequestEvent<CallToolResult>>): Promise<CallToolResult> {
  const last = await lastValueFrom(events$.pipe(filter((event) => event.type === 'result')));
  if (last.result.isError === true) throw new Error(`The tool failed: ${textOf(last.result)}`);
  return last.result;
}

async function toggle(session: McpSession, tool: string): Promise<void> {
  await resultOf(session.callTool(tool, {}));
}

/** Runs the long operation (3 s, 10 steps), drawing its progress, then prints its result. */
async function showProgress({ session, term }: TourContext): Promise<void> {
  const args = { duration: 3, steps: 10 };
  term.line('call', `${LONG_RUNNING} ${JSON.stringify(args)}`);
  const result = await resultOf(
    session.callTool(LONG_RUNNING, args).pipe(
      tap((event) => {
        if (event.type === 'progress') term.update('progress', progressText(event));
      }),
    ),
  );
  term.settle();
  term.line('result', textOf(result));
}

/**
 * Starts the long operation again (2 s, 4 steps) and unsubscribes at its second progress report,
 * after about 1 s (a user pressing "cancel"): the session sends `notifications/cancelled`, seen
 * here on its way out. Counting reports rather than timing keeps the output the same on a busy
 * machine.
 */
async function showCancellation({ session, term, outgoing$ }: TourContext): Promise<void> {
  const args = { duration: 2, steps: 4 };
  term.line('call', `${LONG_RUNNING} ${JSON.stringify(args)}, unsubscribed at 2/4 (after about 1 s)`);
  const cancellations: JsonRpcMessage[] = [];
  const watching = outgoing$
    .pipe(filter((message) => message.method === 'notifications/cancelled'))
    .subscribe((message) => cancellations.push(message));
  const outcome = await lastValueFrom(
    session.callTool(LONG_RUNNING, args).pipe(
      // Completing at the second report unsubscribes from the call, which cancels it.
      takeWhile((event) => event.type === 'result' || event.progress < 2, true),
      tap((event) => {
        if (event.type === 'progress') term.update('progress', progressText(event));
      }),
      filter((event) => event.type === 'result'),
    ),
    { defaultValue: null },
  );
  term.settle();
  // Unsubscribing sends the notification at once, so it is already here.
  watching.unsubscribe();
  if (outcome !== null) {
    term.line('cancel', `the call finished before it could be cancelled: ${textOf(outcome.result)}`);
    return;
  }
  for (const message of cancellations) {
    term.line(
      'cancel',
      `unsubscribed: the session sent notifications/cancelled ${JSON.stringify(message.params)}`,
    );
  }
  if (cancellations.length === 0) throw new Error('No notifications/cancelled was sent');
}
