/**
 * What a worker or an iframe of the MessagePort e2e test runs: `mcpSession(fromMessagePort(port))`
 * with two consumers at once (one follows the live tool list; the other calls a tool that reports
 * progress and asks an elicitation question, then reads a resource), through the package's public
 * entries, reporting each result to the page.
 */
import { filter, map, of, switchMap, take, type Subscription } from 'rxjs';
import { fromMessagePort, type MessagePortLike } from 'rxjs-mcp-stdio/port';
import { mcpSession } from 'rxjs-mcp-stdio/session';

/** What the session side reports to the page. */
export type SessionReport =
  | { type: 'subscribed' }
  | { type: 'tools'; names: string[] }
  | { type: 'progress'; progress: number; total: number | undefined }
  | { type: 'result'; text: string }
  | { type: 'read'; text: string }
  | { type: 'left' }
  | { type: 'error'; name: string; message: string };

/** A command of the page. */
export type SessionCommand = 'leave' | 'join';

/** Garbage a hostile side posts on its port before speaking properly. */
export const GARBAGE: unknown[] = [
  42,
  '{not json',
  { rxjsMcpPort: 'bogus' },
  JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'ping' }),
];

/**
 * Runs the session over `port`; returns the handler of the page's commands.
 *
 * @param port This side's end of the channel.
 * @param report Sends a report to the page.
 * @param hostile Post garbage on the port first.
 */
export function runSession(
  port: MessagePortLike,
  report: (r: SessionReport) => void,
  hostile: boolean,
): (command: SessionCommand) => void {
  if (hostile) for (const message of GARBAGE) port.postMessage(message);
  const session$ = mcpSession(fromMessagePort(port), {
    clientInfo: { name: 'port-e2e', version: '1.0.0' },
    elicitation: (params) => of({ action: 'accept' as const, content: { name: `Ada (${params.message})` } }),
  });
  const fail = (error: Error) => report({ type: 'error', name: error.name, message: error.message });
  const consumers: Subscription[] = [];
  const join = (): void => {
    consumers.push(
      session$.pipe(switchMap((session) => session.tools$)).subscribe({
        next: (tools) => report({ type: 'tools', names: tools.map((t) => t.name) }),
        error: fail,
      }),
    );
  };
  join();
  consumers.push(
    session$
      .pipe(
        take(1),
        switchMap((session) =>
          session.callTool('ask', {}).pipe(
            map((event) => {
              if (event.type === 'progress') {
                report({ type: 'progress', progress: event.progress, total: event.total });
              } else {
                const [part] = event.result.content;
                report({ type: 'result', text: part?.type === 'text' ? part.text : '?' });
              }
              return event;
            }),
            filter((event) => event.type === 'result'),
            switchMap(() => session.readResource('memo://one')),
          ),
        ),
      )
      .subscribe({
        next: (read) => {
          const [content] = read.contents;
          report({ type: 'read', text: content !== undefined && 'text' in content ? content.text : '?' });
        },
        error: fail,
      }),
  );
  report({ type: 'subscribed' });
  return (command) => {
    if (command === 'join') join();
    else {
      for (const consumer of consumers.splice(0)) consumer.unsubscribe();
      report({ type: 'left' });
    }
  };
}
