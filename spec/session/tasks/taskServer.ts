// A fake MCP server (the public one, rxjs-mcp-stdio/testing) that runs tool calls as tasks, for the
// marble tests of tasks: each task follows a timeline of statuses, one per `tasks/get`, the last
// one repeated.
import { map, NEVER, timer, type SchedulerLike } from 'rxjs';
import type { JsonRpcMessage } from '../../../lib/transport/JsonRpcMessage.js';
import { McpError, type McpTask, type McpTaskStatus } from '../../../lib/session/index.js';
import { fakeMcpServer, type FakeMcpHandler, type FakeMcpServer } from '../../../lib/testing/index.js';

/** The timestamp every task of the fake carries. */
export const CREATED_AT = '2025-11-25T00:00:00.000Z';

/**
 * A task as the fake task server describes it.
 *
 * @param taskId The id.
 * @param status The status.
 * @param extra Other fields (statusMessage, ttl, pollInterval).
 * @returns The task.
 */
export function taskOf(taskId: string, status: McpTaskStatus, extra: Partial<McpTask> = {}): McpTask {
  return {
    taskId,
    status,
    ttl: null,
    createdAt: CREATED_AT,
    lastUpdatedAt: CREATED_AT,
    pollInterval: 100,
    ...extra,
  };
}

/** What the fake task server does. */
export interface TaskServerScript {
  /** Per task id: what each `tasks/get` answers, in order (the last one repeats). */
  timelines: Record<string, McpTask[]>;
  /** The answer to `tasks/result`. */
  result?: FakeMcpHandler;
  /** The tool list. Default: `research` with `taskSupport: 'optional'`. */
  tools?: unknown[];
  /** The task capability. Default: list, cancel and tools/call. */
  tasks?: Record<string, unknown> | null;
  /** Other handlers. */
  more?: Record<string, FakeMcpHandler>;
}

/** The default tool: runs as a task when asked. */
export const researchTool = {
  name: 'research',
  inputSchema: { type: 'object' },
  execution: { taskSupport: 'optional' },
};

/**
 * Makes the server. `tools/call` creates the task named by `arguments.taskId` (default `t1`)
 * with the first status of its timeline.
 *
 * @param script The timelines and answers.
 * @returns The server.
 */
export function taskServer(script: TaskServerScript): FakeMcpServer {
  const polls = new Map<string, number>();
  const statusAt = (taskId: string, index: number): McpTask => {
    const timeline = script.timelines[taskId] ?? [
      taskOf(taskId, 'failed', { statusMessage: 'unknown task' }),
    ];
    return timeline[Math.min(index, timeline.length - 1)];
  };
  const taskIdOf = (params: Record<string, unknown>): string => {
    const args = params.arguments as { taskId?: string } | undefined;
    return args?.taskId ?? (typeof params.taskId === 'string' ? params.taskId : 't1');
  };
  const tasks =
    script.tasks === undefined ? { list: {}, cancel: {}, requests: { tools: { call: {} } } } : script.tasks;
  return fakeMcpServer({
    capabilities: { tools: { listChanged: true }, logging: {}, ...(tasks === null ? {} : { tasks }) },
    handlers: {
      'tools/list': () => ({ tools: script.tools ?? [researchTool] }),
      'tools/call': (params) => {
        const taskId = taskIdOf(params);
        polls.set(taskId, 0);
        return { task: statusAt(taskId, 0) };
      },
      'tasks/get': (params) => {
        const taskId = taskIdOf(params);
        const next = (polls.get(taskId) ?? 0) + 1;
        polls.set(taskId, next);
        return statusAt(taskId, next);
      },
      'tasks/cancel': (params) => taskOf(taskIdOf(params), 'cancelled'),
      'tasks/result': script.result ?? (() => ({ content: [{ type: 'text', text: 'done' }] })),
      ...script.more,
    },
  });
}

/**
 * The methods (and task ids) the client sent after the handshake, for compact marbles.
 *
 * @param message A message.
 * @returns `method taskId` or just the method.
 */
export function methodAndTask(message: JsonRpcMessage): string {
  const taskId = (message.params as { taskId?: unknown } | undefined)?.taskId;
  return typeof taskId === 'string' ? `${String(message.method)} ${taskId}` : String(message.method);
}

/**
 * Records what the client sends after the handshake as `'<frame> <method> [taskId]'` (answers to
 * the server's requests as `'<frame> answer <id>'`). Call inside `TestScheduler.run` before the
 * session starts; read after `run` returns.
 *
 * @param server The server.
 * @param scheduler The test scheduler.
 * @returns The list, filled as messages are sent.
 */
export function sentTimeline(server: FakeMcpServer, scheduler: { now(): number }): string[] {
  const lines: string[] = [];
  server.received$.subscribe((message) => {
    if (message.method === 'initialize' || message.method === 'notifications/initialized') return;
    const what = message.method === undefined ? `answer ${String(message.id)}` : methodAndTask(message);
    lines.push(`${scheduler.now()} ${what}`);
  });
  return lines;
}

/**
 * The ISO timestamp of a frame of virtual time (frame 0 is the epoch), for `lastUpdatedAt`.
 *
 * @param frame The frame.
 * @returns Its timestamp.
 */
export const at = (frame: number): string => new Date(frame).toISOString();

/** One change of a timed task's truth: from frame `at` on, the task is `task`. */
export interface TaskTransition {
  /** The frame of the change (absolute virtual time). */
  at: number;
  /** The task from then on. */
  task: McpTask;
  /** Whether the server sends `notifications/tasks/status` for it (at that frame). */
  notify?: boolean;
}

/** What the timed task server does. */
export interface TimedTaskScript {
  /** The task `t1`'s truth, in order: the first one is what `tools/call` creates. */
  transitions: TaskTransition[];
  /** The scheduler of its delays (the TestScheduler). */
  scheduler: SchedulerLike;
  /** Frames between receiving `tools/call` and answering it. Default 0. */
  createDelay?: number;
  /**
   * Frames between reading the state for the `k`-th `tasks/get` (at receipt) and answering it:
   * the answer may then be older than a notification sent in between. Default 0.
   */
  pollDelay?: (k: number) => number;
  /** The answer to `tasks/result`. Default: once the truth is terminal, its outcome. */
  result?: FakeMcpHandler;
  /** `_meta` of the `CreateTaskResult`. */
  createMeta?: Record<string, unknown>;
  /** The task capability. Default: list, cancel and tools/call. */
  tasks?: Record<string, unknown>;
  /** Other handlers. */
  more?: Record<string, FakeMcpHandler>;
}

/**
 * A fake server whose one task (`t1`) follows a timeline in virtual time: `tasks/get` answers the
 * state at the frame it was received (after `pollDelay`), notifications go out at the frames of
 * the changes that ask for them, `tasks/result` answers once the truth is terminal (the result of
 * a completed task, the error of a failed one).
 *
 * @param script The truth and the delays.
 * @returns The server.
 */
export function timedTaskServer(script: TimedTaskScript): FakeMcpServer {
  const { transitions, scheduler } = script;
  const stateAt = (frame: number): McpTask => {
    let current = transitions[0].task;
    for (const change of transitions) if (change.at <= frame) current = change.task;
    return current;
  };
  const terminal = transitions.find((change) =>
    ['completed', 'failed', 'cancelled'].includes(change.task.status),
  );
  let polls = 0;
  const server = fakeMcpServer({
    capabilities: {
      tools: { listChanged: true },
      tasks: script.tasks ?? { list: {}, cancel: {}, requests: { tools: { call: {} } } },
    },
    handlers: {
      'tools/list': () => ({ tools: [researchTool] }),
      'tools/call': () =>
        timer(script.createDelay ?? 0, scheduler).pipe(
          map(() => ({
            task: stateAt(scheduler.now()),
            ...(script.createMeta === undefined ? {} : { _meta: script.createMeta }),
          })),
        ),
      'tasks/get': () => {
        const read = stateAt(scheduler.now());
        return timer(script.pollDelay?.(polls++) ?? 0, scheduler).pipe(map(() => read));
      },
      'tasks/cancel': () => taskOf('t1', 'cancelled', { lastUpdatedAt: at(scheduler.now()) }),
      'tasks/result':
        script.result ??
        (() =>
          terminal === undefined
            ? NEVER
            : timer(Math.max(0, terminal.at - scheduler.now()), scheduler).pipe(
                map(() => {
                  if (terminal.task.status === 'completed')
                    return { content: [{ type: 'text', text: 'done' }] };
                  throw new McpError(-32603, `Task ${terminal.task.status}`);
                }),
              )),
      ...script.more,
    },
  });
  for (const change of transitions) {
    if (change.notify === true) {
      scheduler.schedule(() => {
        server.notify('notifications/tasks/status', { ...change.task });
      }, change.at);
    }
  }
  return server;
}
