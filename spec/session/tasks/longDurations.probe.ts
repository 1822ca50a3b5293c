// Run by longDurations.spec.ts as its own Node process (`node --import tsx`): durations of 2^31 ms
// and more, given by a server or a caller, on the real asyncScheduler. Node's timers cannot wait
// that long (setTimeout's limit is 2^31 - 1 ms, about 24.9 days): a longer delay fires after 1 ms
// and Node prints a TimeoutOverflowWarning. Each case compares with a short timer of its own (the
// long wait must not be over when the short one fires) and prints what happened; the warnings
// the process emitted are listed at the end. The process then ends by itself: a wait left behind
// would keep it alive and fail the spec's watchdog.
import { firstValueFrom, lastValueFrom, map, of, switchMap, takeWhile, timer, toArray } from 'rxjs';
import { mcpSession, type McpSessionOptions } from '../../../lib/session/index.js';
import { fakeMcpServer } from '../../../lib/testing/index.js';
import { taskOf, taskServer } from './taskServer.js';

const LONG = 2 ** 31;
/** The short wait each case compares with. */
const SHORT_MS = 30;
const warnings: string[] = [];
process.on('warning', (warning) => warnings.push(warning.name));
const short = () => new Promise<void>((resolve) => setTimeout(resolve, SHORT_MS));
const describeError = (error: unknown) =>
  error instanceof Error
    ? `${error.name}${'reason' in error ? ` ${String(error.reason)}` : ''}`
    : String(error);

/** A task whose ttl is 2^31 ms: it must not expire at once. */
async function taskTtl(): Promise<string> {
  const server = taskServer({
    timelines: {
      t1: [taskOf('t1', 'working', { ttl: LONG, pollInterval: 1 }), taskOf('t1', 'completed', { ttl: LONG })],
    },
  });
  return lastValueFrom(
    mcpSession(server.transport).pipe(
      switchMap((session) => session.callToolTask('research')),
      takeWhile((event) => event.type !== 'result', true),
      map((event) => event.type),
      toArray(),
    ),
  ).then((types) => types.join(' '), describeError);
}

/** A server whose pollInterval is 2^31 ms: no poll before the status notification. */
async function longPollInterval(): Promise<string> {
  const server = taskServer({ timelines: { t1: [taskOf('t1', 'working', { pollInterval: LONG })] } });
  const done = lastValueFrom(
    mcpSession(server.transport).pipe(
      switchMap((session) => session.callToolTask('research')),
      takeWhile((event) => event.type !== 'result', true),
      toArray(),
    ),
  );
  await short();
  server.notify('notifications/tasks/status', { ...taskOf('t1', 'completed') });
  const outcome = await done.then(() => 'result', describeError);
  return `${outcome}, ${server.count('tasks/get')} polls`;
}

/** The server asks this client to run sampling as a task with a ttl of 2^31 ms. */
async function clientTaskTtl(): Promise<string> {
  const server = fakeMcpServer();
  const options: McpSessionOptions = {
    capabilities: { tasks: { requests: { sampling: { createMessage: {} } } } },
    sampling: () => of({ role: 'assistant', content: { type: 'text', text: 'hi' }, model: 'm' }),
  };
  const subscription = mcpSession(server.transport, options).subscribe();
  try {
    const created = (await firstValueFrom(
      server.request('sampling/createMessage', { task: { ttl: LONG }, messages: [], maxTokens: 1 }),
    )) as { task: { taskId: string } };
    await short();
    const task = (await firstValueFrom(server.request('tasks/get', { taskId: created.task.taskId }))) as {
      status: string;
    };
    return task.status;
  } catch (error) {
    return describeError(error);
  } finally {
    subscription.unsubscribe();
  }
}

/** A request whose timeout is 2^31 ms, answered after the short wait. */
async function requestTimeout(): Promise<string> {
  const server = fakeMcpServer({
    tools: [
      {
        name: 'slow',
        inputSchema: { type: 'object' },
        call: () => timer(SHORT_MS).pipe(map(() => ({ content: [] }))),
      },
    ],
  });
  return lastValueFrom(
    mcpSession(server.transport).pipe(
      switchMap((session) => session.callTool('slow', {}, { timeout: LONG })),
      takeWhile((event) => event.type !== 'result', true),
    ),
  ).then((event) => event.type, describeError);
}

/** A session kept alive 2^31 ms after its last subscriber left. */
async function keepAlive(): Promise<string> {
  const server = fakeMcpServer();
  const session$ = mcpSession(server.transport, { keepAlive: LONG });
  session$.subscribe().unsubscribe();
  await short();
  const state = server.current === undefined ? 'ended' : 'kept';
  // The server ends it politely: nothing is left waiting.
  server.exit();
  return state;
}

async function main(): Promise<void> {
  const report = {
    taskTtl: await taskTtl(),
    longPollInterval: await longPollInterval(),
    clientTaskTtl: await clientTaskTtl(),
    requestTimeout: await requestTimeout(),
    keepAlive: await keepAlive(),
  };
  // Warnings are emitted on the next tick: let them arrive before reporting.
  await new Promise((resolve) => setImmediate(resolve));
  console.log(JSON.stringify({ ...report, warnings }));
}

void main();
