// Tasks against the real everything server: a research task followed to its report, the same task
// asking for clarification through the elicitation handler, a task cancelled mid-way, a typeahead
// that leaves a call before its task exists (docs/tasks.md's example), the server
// asking this client to run sampling and elicitation as tasks, and the SDK v1's callToolStream
// side by side with callToolTask. Every test ends its servers and proves them gone by pid; they run at once.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  filter,
  firstValueFrom,
  lastValueFrom,
  of,
  Subject,
  take,
  timeout,
  toArray,
  type Subscription,
} from 'rxjs';
import { fromStdioServer } from '../../../lib/index.js';
import { toSdkTransport } from '../../../lib/sdk/index.js';
import {
  mcpSession,
  type CallToolResult,
  type McpSession,
  type McpSessionOptions,
  type McpTaskEvent,
  type McpTransport,
} from '../../../lib/session/index.js';
import { descendantsOf, fixturePath, waitUntilGone } from '../../support/processes.js';
import { researchAsYouType } from './examples/typeahead.example.js';

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
const STAGES = [
  'Gathering sources...',
  'Analyzing content...',
  'Synthesizing findings...',
  'Generating report...',
];
/** Generous bound for one research task (four one-second stages) on a loaded machine. */
const TASK_BOUND_MS = 25_000;

/**
 * Where a test's servers report their pids: each test ends its own and proves its tree gone, so
 * the tests can run at once (they wait on the server's one-second stages, not on the CPU).
 */
type Spawned = number[];

function everythingServer(spawned: Spawned) {
  return fromStdioServer({
    command: process.execPath,
    args: [everything, 'stdio'],
    stderr: 'ignore',
    spawnObserver: {
      next: ({ pid }) => {
        if (pid !== undefined) spawned.push(pid);
      },
    },
  });
}

async function open(
  options: McpSessionOptions = {},
  spawned: Spawned = [],
  server: McpTransport = everythingServer(spawned),
): Promise<{ session: McpSession; end: () => Promise<number[]> }> {
  let subscription: Subscription | undefined;
  const session = await new Promise<McpSession>((resolve, reject) => {
    subscription = mcpSession(server, { requestTimeout: 15_000, ...options }).subscribe({
      next: resolve,
      error: reject,
    });
  });
  return {
    session,
    end: () => {
      const tree = spawned.splice(0).flatMap((pid) => [pid, ...descendantsOf(pid)]);
      subscription?.unsubscribe();
      return waitUntilGone(tree, 8000);
    },
  };
}

const textOf = (result: CallToolResult): string =>
  result.content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');

const statusesOf = (events: McpTaskEvent<CallToolResult>[]): string[] =>
  events.flatMap((e) =>
    e.type === 'task' ? [`${e.task.status}${e.task.statusMessage ? `: ${e.task.statusMessage}` : ''}`] : [],
  );

const resultIn = (events: McpTaskEvent<CallToolResult>[]): CallToolResult => {
  const last = events[events.length - 1];
  if (last?.type !== 'result') throw new Error(`no result: ${JSON.stringify(events)}`);
  return last.result;
};

/** Drops repeats of the same value in a row (what a poller that reports every poll needs). */
const distinctInRow = (values: string[]): string[] =>
  values.filter((value, i) => i === 0 || values[i - 1] !== value);

describe('tasks on the everything server', () => {
  it.concurrent(
    'follows simulate-research-query through its stages to the report, one event per change',
    async () => {
      const { session, end } = await open();
      try {
        const events = await lastValueFrom(
          session
            .callToolTask('simulate-research-query', { topic: 'reactive streams' })
            .pipe(toArray(), timeout(TASK_BOUND_MS)),
        );
        const statuses = statusesOf(events);
        expect(statuses[0]).toMatch(/^working/);
        expect(statuses[statuses.length - 1]).toMatch(/^completed/);
        // Each event is a change, and the stage messages seen come in the server's order.
        expect(distinctInRow(statuses)).toEqual(statuses);
        const stagesSeen = statuses
          .map((s) => STAGES.indexOf(s.replace('working: ', '')))
          .filter((i) => i >= 0);
        expect([...stagesSeen].sort()).toEqual(stagesSeen);
        expect(textOf(resultIn(events))).toContain('# Research Report: reactive streams');
      } finally {
        expect(await end()).toEqual([]);
      }
    },
  );

  it.concurrent(
    'asks for clarification through the elicitation handler when ambiguous, and the report names it',
    async () => {
      const asked: string[] = [];
      const { session, end } = await open({
        elicitation: (params) => {
          asked.push(params.message);
          return of({ action: 'accept' as const, content: { interpretation: 'programming' } });
        },
      });
      try {
        const events = await lastValueFrom(
          session
            .callToolTask('simulate-research-query', { topic: 'python', ambiguous: true })
            .pipe(toArray(), timeout(TASK_BOUND_MS)),
        );
        const statuses = statusesOf(events).map((s) => s.split(':')[0]);
        expect(statuses).toContain('input_required');
        expect(statuses.indexOf('input_required')).toBeLessThan(statuses.lastIndexOf('working'));
        expect(asked).toEqual([expect.stringContaining('"python" could have multiple interpretations')]);
        const report = textOf(resultIn(events));
        expect(report).toContain('# Research Report: python (programming)');
        expect(report).toContain('**Clarification**: programming');
      } finally {
        expect(await end()).toEqual([]);
      }
    },
  );

  it.concurrent(
    'sends tasks/cancel when unsubscribed mid-task: the server then says cancelled, and tasks$ shows it',
    async () => {
      const { session, end } = await open();
      try {
        let taskId = '';
        await firstValueFrom(
          session.callToolTask('simulate-research-query', { topic: 'cancel me' }).pipe(
            filter((e) => e.type === 'task'),
            take(1),
            timeout(TASK_BOUND_MS),
          ),
        ).then((e) => {
          if (e.type === 'task') taskId = e.task.taskId;
        });
        expect(taskId).not.toBe('');
        // The cancel goes out detached; tasks$ reads the list again once the server answers it.
        const listed = await firstValueFrom(
          session.tasks$.pipe(
            filter((tasks) => tasks.some((t) => t.taskId === taskId && t.status === 'cancelled')),
            timeout(TASK_BOUND_MS),
          ),
        );
        expect(listed.find((t) => t.taskId === taskId)?.status).toBe('cancelled');
        const polled = await firstValueFrom(session.request('tasks/get', { taskId }));
        expect(polled).toMatchObject({ taskId, status: 'cancelled' });
      } finally {
        expect(await end()).toEqual([]);
      }
    },
  );

  it.concurrent(
    'typeahead: a call left before its task exists is cancelled on the server once its id arrives',
    async () => {
      const topics = new Subject<string>();
      const spawned: Spawned = [];
      // The server's transport, watched: the next topic is typed as soon as the first tools/call
      // is out, long before its CreateTaskResult can come back (that needs the event loop).
      const server$ = everythingServer(spawned);
      const watched: McpTransport = {
        subscribe: (observer) => server$.subscribe(observer),
        next: (message) => {
          server$.next(message);
          const topic = (message.params as { arguments?: { topic?: string } } | undefined)?.arguments?.topic;
          if (message.method === 'tools/call' && topic === 'first')
            queueMicrotask(() => topics.next('second'));
        },
        complete: () => server$.complete(),
      };
      const { session, end } = await open({}, spawned, watched);
      try {
        // docs/tasks.md's example.
        const report = firstValueFrom(researchAsYouType(session, topics).pipe(timeout(TASK_BOUND_MS)));
        topics.next('first');
        const listed = await firstValueFrom(
          session.tasks$.pipe(
            filter((tasks) => tasks.length === 2 && tasks.some((t) => t.status === 'cancelled')),
            timeout(TASK_BOUND_MS),
          ),
        );
        expect(listed.map((t) => t.status).sort()).toEqual(['cancelled', 'working']);
        const answer = await report;
        expect(answer.type === 'result' ? textOf(answer.result) : '').toContain('# Research Report: second');
      } finally {
        expect(await end()).toEqual([]);
      }
    },
  );

  it.concurrent('runs the server-requested sampling and elicitation as client-side tasks', async () => {
    const { session, end } = await open({
      capabilities: {
        tasks: {
          list: {},
          cancel: {},
          requests: { sampling: { createMessage: {} }, elicitation: { create: {} } },
        },
      },
      sampling: () =>
        of({
          role: 'assistant' as const,
          content: { type: 'text' as const, text: 'sampled as a task' },
          model: 'test',
        }),
      elicitation: () => of({ action: 'accept' as const, content: { name: 'Ada' } }),
    });
    try {
      const tools = await firstValueFrom(session.tools$);
      expect(tools.map((t) => t.name)).toEqual(
        expect.arrayContaining(['trigger-sampling-request-async', 'trigger-elicitation-request-async']),
      );
      const resultOf = (name: string, args: Record<string, unknown>) =>
        lastValueFrom(
          session.callTool(name, args).pipe(
            filter((e) => e.type === 'result'),
            timeout(TASK_BOUND_MS),
          ),
        ).then((e) => (e.type === 'result' ? textOf(e.result) : ''));
      const [sampling, elicitation] = await Promise.all([
        resultOf('trigger-sampling-request-async', { prompt: 'Say hi', maxTokens: 5 }),
        resultOf('trigger-elicitation-request-async', {}),
      ]);
      expect(sampling).toContain('[COMPLETED] Async sampling completed!');
      expect(sampling).toMatch(/Task created: \S+/);
      expect(sampling).toContain('sampled as a task');
      expect(sampling).toContain('io.modelcontextprotocol/related-task');
      expect(elicitation).toContain('[COMPLETED] User provided the requested information!');
    } finally {
      expect(await end()).toEqual([]);
    }
  });

  it.concurrent(
    'reports the same statuses in the same order as the SDK v1 callToolStream, side by side',
    async () => {
      const spawned: Spawned = [];
      const { session, end } = await open({}, spawned);
      const client = new Client({ name: 'sdk-side-by-side', version: '0.0.0' });
      try {
        await client.connect(toSdkTransport(everythingServer(spawned)));
        const sdkStatuses = (async () => {
          const seen: string[] = [];
          const stream = client.experimental.tasks.callToolStream(
            { name: 'simulate-research-query', arguments: { topic: 'side by side' } },
            CallToolResultSchema,
            { task: { ttl: 60_000 } },
          );
          for await (const message of stream) {
            if (message.type === 'taskCreated' || message.type === 'taskStatus')
              seen.push(message.task.status);
            if (message.type === 'result') seen.push('result');
            if (message.type === 'error') seen.push(`error: ${message.error.message}`);
          }
          return seen;
        })();
        const ours = lastValueFrom(
          session
            .callToolTask('simulate-research-query', { topic: 'side by side' }, { ttl: 60_000 })
            .pipe(toArray(), timeout(TASK_BOUND_MS)),
        ).then((events) => events.map((e) => (e.type === 'task' ? e.task.status : e.type)));
        const [sdk, rx] = await Promise.all([sdkStatuses, ours]);
        // The SDK reports every poll; ours reports changes (status or message): the same statuses in
        // the same order once repeats are dropped.
        expect(distinctInRow(rx)).toEqual(distinctInRow(sdk));
        expect(distinctInRow(rx)).toEqual(['working', 'completed', 'result']);
        expect(sdk.filter((s) => s === 'working').length).toBeGreaterThanOrEqual(
          rx.filter((s) => s === 'working').length,
        );
      } finally {
        await client.close();
        expect(await end()).toEqual([]);
      }
    },
  );
});

describe('structured output on a real server', () => {
  it('fails only the call whose structuredContent breaks the outputSchema; the next calls work', async () => {
    const pids: number[] = [];
    const server$ = fromStdioServer({
      command: process.execPath,
      args: [fixturePath('structured-output.js')],
      stderr: 'ignore',
      spawnObserver: {
        next: ({ pid }) => {
          if (pid !== undefined) pids.push(pid);
        },
      },
    });
    let subscription: Subscription | undefined;
    const session = await new Promise<McpSession>((resolve, reject) => {
      subscription = mcpSession(server$, { requestTimeout: 15_000 }).subscribe({
        next: resolve,
        error: reject,
      });
    });
    try {
      const call = (answer?: Record<string, unknown>) =>
        lastValueFrom(
          session
            .callTool<{ temperature: number; unit: 'C' | 'F' }>(
              'weather',
              answer === undefined ? {} : { answer },
            )
            .pipe(
              filter((e) => e.type === 'result'),
              timeout(TASK_BOUND_MS),
            ),
        ).then((e) => (e.type === 'result' ? e.result.structuredContent?.temperature : undefined));
      const outcomes = await Promise.allSettled([
        call({ temperature: 'warm', unit: 'C' }),
        call({ temperature: 12, unit: 'C' }),
        call(),
      ]);
      expect(outcomes[0]).toEqual({
        status: 'rejected',
        reason: expect.objectContaining({
          name: 'McpProtocolError',
          message:
            'Tool "weather" returned structuredContent that does not match its outputSchema: #/temperature: Instance type "string" is invalid. Expected "number".',
        }),
      });
      expect(outcomes[1]).toEqual({ status: 'fulfilled', value: 12 });
      expect(outcomes[2]).toEqual({
        status: 'rejected',
        reason: expect.objectContaining({
          message: 'Tool "weather" has an outputSchema but returned no structuredContent',
        }),
      });
      expect(await call({ temperature: 70, unit: 'F' })).toBe(70);
    } finally {
      subscription?.unsubscribe();
      expect(await waitUntilGone(pids, 8000)).toEqual([]);
    }
  });
});
