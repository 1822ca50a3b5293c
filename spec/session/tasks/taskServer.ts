// A fake MCP server (the public one, rxjs-mcp-stdio/testing) that runs tool calls as tasks, for the
// marble tests of tasks: each task follows a timeline of statuses, one per `tasks/get`, the last
// one repeated.
import type { JsonRpcMessage } from '../../../lib/transport/JsonRpcMessage.js';
import type { McpTask, McpTaskStatus } from '../../../lib/session/index.js';
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
    pollInterval: 5,
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
