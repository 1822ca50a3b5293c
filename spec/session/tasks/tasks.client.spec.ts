// Client-side tasks in virtual time: the server asks this client to run sampling or elicitation as
// a task; the request is answered at once with the task, the handler runs as the task, and the
// server's tasks/get, tasks/result, tasks/list and tasks/cancel are answered from it.
import { finalize, timer, map } from 'rxjs';
import type { CreateMessageResult, McpSessionOptions } from '../../../lib/session/index.js';
import { newTestScheduler } from '../../support/marbles.js';
import type { JsonRpcMessage } from '../../../lib/transport/JsonRpcMessage.js';
import { fakeMcpServer } from '../../../lib/testing/index.js';
import { openSession, sendFrame, serverRequest } from '../marbleHelpers.js';

const sampled: CreateMessageResult = {
  role: 'assistant',
  content: { type: 'text', text: 'sampled!' },
  model: 'test-model',
};
const samplingRequest = (id: string, ttl?: number) => ({
  jsonrpc: '2.0' as const,
  id,
  method: 'sampling/createMessage',
  params: {
    ...(ttl === undefined ? {} : { task: { ttl } }),
    messages: [{ role: 'user', content: { type: 'text', text: 'hello' } }],
    maxTokens: 5,
  },
});

/** The answer the client sent to the server's request `id`. */
const answerTo = (sent: readonly JsonRpcMessage[], id: string) =>
  sent.find((m) => m.id === id && m.method === undefined);
const at = (frame: number) => new Date(frame).toISOString();

describe('client-side tasks', () => {
  it('answers a task-augmented sampling request with a task, runs the handler as the task and answers tasks/*', () => {
    const testScheduler = newTestScheduler();
    const handlerEvents: string[] = [];
    const server = fakeMcpServer();
    testScheduler.run(() => {
      const options: McpSessionOptions = {
        scheduler: testScheduler,
        capabilities: { tasks: { list: {}, cancel: {}, requests: { sampling: { createMessage: {} } } } },
        sampling: () =>
          timer(6, testScheduler).pipe(
            map(() => sampled),
            finalize(() => handlerEvents.push(`${testScheduler.now()} handler ended`)),
          ),
      };
      const { subscription } = openSession(server, options);
      const taskIdOf = (id: string) =>
        (answerTo(server.received, id)?.result as { task: { taskId: string } } | undefined)?.task.taskId ??
        'missing';
      testScheduler.schedule(() => sendFrame(server, samplingRequest('s1', 1000)), 1);
      testScheduler.schedule(
        () => sendFrame(server, serverRequest('g1', 'tasks/get', { taskId: taskIdOf('s1') })),
        2,
      );
      testScheduler.schedule(
        () => sendFrame(server, serverRequest('r1', 'tasks/result', { taskId: taskIdOf('s1') })),
        3,
      );
      testScheduler.schedule(() => sendFrame(server, serverRequest('l1', 'tasks/list', {})), 4);
      testScheduler.schedule(
        () => sendFrame(server, serverRequest('g2', 'tasks/get', { taskId: taskIdOf('s1') })),
        8,
      );
      // A second task, cancelled by the server while it runs.
      testScheduler.schedule(() => sendFrame(server, samplingRequest('s2', 1000)), 10);
      testScheduler.schedule(
        () => sendFrame(server, serverRequest('c2', 'tasks/cancel', { taskId: taskIdOf('s2') })),
        12,
      );
      testScheduler.schedule(
        () => sendFrame(server, serverRequest('r2', 'tasks/result', { taskId: taskIdOf('s2') })),
        13,
      );
      testScheduler.schedule(
        () => sendFrame(server, serverRequest('c3', 'tasks/cancel', { taskId: taskIdOf('s1') })),
        14,
      );
      testScheduler.schedule(
        () => sendFrame(server, serverRequest('g3', 'tasks/get', { taskId: 'nope' })),
        15,
      );
      // Without `task` params the request is answered the plain way.
      testScheduler.schedule(() => sendFrame(server, samplingRequest('s3')), 16);
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 30);
    });
    const sent = server.received;
    const first = (answerTo(sent, 's1')?.result as { task: Record<string, unknown> }).task;
    expect(first).toEqual({
      taskId: expect.any(String),
      status: 'working',
      ttl: 1000,
      createdAt: at(1),
      lastUpdatedAt: at(1),
      pollInterval: expect.any(Number),
    });
    const taskId = first.taskId as string;
    expect(answerTo(sent, 'g1')?.result).toMatchObject({ taskId, status: 'working' });
    // tasks/result waited for the handler (done at 7) and carries the related-task marker.
    expect(answerTo(sent, 'r1')?.result).toEqual({
      ...sampled,
      _meta: { 'io.modelcontextprotocol/related-task': { taskId } },
    });
    expect(sent.indexOf(answerTo(sent, 'r1') as JsonRpcMessage)).toBeGreaterThan(
      sent.indexOf(answerTo(sent, 'l1') as JsonRpcMessage),
    );
    expect((answerTo(sent, 'l1')?.result as { tasks: unknown[] }).tasks).toEqual([
      expect.objectContaining({ taskId, status: 'working' }),
    ]);
    expect(answerTo(sent, 'g2')?.result).toMatchObject({ taskId, status: 'completed', lastUpdatedAt: at(7) });
    const second = (answerTo(sent, 's2')?.result as { task: { taskId: string } }).task.taskId;
    expect(second).not.toBe(taskId);
    expect(answerTo(sent, 'c2')?.result).toMatchObject({ taskId: second, status: 'cancelled' });
    expect(answerTo(sent, 'r2')?.error).toEqual({ code: -32602, message: `Task ${second} was cancelled` });
    expect(answerTo(sent, 'c3')?.error).toEqual({
      code: -32602,
      message: `Cannot cancel task ${taskId}: it is already completed`,
    });
    expect(answerTo(sent, 'g3')?.error).toEqual({ code: -32602, message: 'Task not found: nope' });
    expect(answerTo(sent, 's3')?.result).toEqual(sampled);
    // The first handler ended with its result, the cancelled one at the cancel, the plain one at 22.
    expect(handlerEvents).toEqual(['7 handler ended', '12 handler ended', '22 handler ended']);
  });

  it('runs elicitation as a task only when declared, and stops running tasks when the session ends', () => {
    const testScheduler = newTestScheduler();
    const handlerEvents: string[] = [];
    const server = fakeMcpServer();
    const elicit = serverRequest('e1', 'elicitation/create', {
      task: { ttl: 100 },
      message: 'Name?',
      requestedSchema: { type: 'object', properties: {} },
    });
    testScheduler.run(() => {
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        capabilities: { tasks: { requests: { elicitation: { create: {} } } } },
        elicitation: () =>
          timer(50, testScheduler).pipe(
            map(() => ({ action: 'decline' as const })),
            finalize(() => handlerEvents.push(`${testScheduler.now()} handler ended`)),
          ),
      });
      testScheduler.schedule(() => sendFrame(server, elicit), 1);
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 5);
    });
    expect(answerTo(server.received, 'e1')?.result).toMatchObject({ task: { status: 'working', ttl: 100 } });
    expect(handlerEvents).toEqual(['5 handler ended']);
  });

  it('forgets a task at its ttl', () => {
    const testScheduler = newTestScheduler();
    const server = fakeMcpServer();
    testScheduler.run(() => {
      const { subscription } = openSession(server, {
        scheduler: testScheduler,
        capabilities: { tasks: { requests: { sampling: { createMessage: {} } } } },
        sampling: () => timer(1, testScheduler).pipe(map(() => sampled)),
      });
      const taskId = () =>
        (answerTo(server.received, 's1')?.result as { task: { taskId: string } }).task.taskId;
      testScheduler.schedule(() => sendFrame(server, samplingRequest('s1', 10)), 1);
      testScheduler.schedule(
        () => sendFrame(server, serverRequest('g1', 'tasks/get', { taskId: taskId() })),
        10,
      );
      testScheduler.schedule(
        () => sendFrame(server, serverRequest('g2', 'tasks/get', { taskId: taskId() })),
        12,
      );
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 20);
    });
    expect(answerTo(server.received, 'g1')?.result).toMatchObject({ status: 'completed' });
    expect(answerTo(server.received, 'g2')?.error).toMatchObject({ code: -32602 });
  });

  it('does not answer tasks/* without a tasks capability', () => {
    const testScheduler = newTestScheduler();
    const server = fakeMcpServer();
    testScheduler.run(() => {
      const { subscription } = openSession(server, { scheduler: testScheduler, sampling: () => [sampled] });
      testScheduler.schedule(() => sendFrame(server, samplingRequest('s1', 10)), 1);
      testScheduler.schedule(() => sendFrame(server, serverRequest('l1', 'tasks/list', {})), 2);
      testScheduler.schedule(() => {
        subscription.unsubscribe();
      }, 5);
    });
    // The task params are ignored (the plain answer), and tasks/list is unknown.
    expect(answerTo(server.received, 's1')?.result).toEqual(sampled);
    expect(answerTo(server.received, 'l1')?.error).toEqual({
      code: -32601,
      message: 'Method not found: tasks/list',
    });
  });
});
