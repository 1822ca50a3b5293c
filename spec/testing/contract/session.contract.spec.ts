/**
 * The session contract: one table of cases, each run through `mcpSession()` against a real MCP
 * server (the MCP SDK's own `Server`, spec/testing/contract/sdkServer.ts, over
 * `fromStdioServer()`) and against `fakeMcpServer()` declaring the same tools
 * (contractTools.ts), with one expected outcome for both. What an app's test sees on the fake is
 * then what it sees on a server.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  filter,
  firstValueFrom,
  map,
  NEVER,
  of,
  switchMap,
  toArray,
  type ObservableNotification,
  type Observable,
} from 'rxjs';
import { fromStdioServer, StdioServerExitError } from '../../../lib/index.js';
import { mcpSession, McpError, type McpSession, type McpSessionOptions } from '../../../lib/session/index.js';
import { fakeMcpServer, type FakeMcpConnection } from '../../../lib/testing/index.js';
import { record } from '../../support/collect.js';
import { killIfAlive, waitUntilGone } from '../../support/processes.js';
import { CONTRACT_TOOLS, textResult } from './contractTools.js';

/** A session Observable on one of the two servers, and the proof that nothing is left of it. */
interface SessionHarness {
  session$: Observable<McpSession>;
  dispose(): Promise<void>;
}

interface SessionRig {
  name: 'SDK server process' | 'fakeMcpServer()';
  make(options: McpSessionOptions): SessionHarness;
}

const tsxLoader = pathToFileURL(require.resolve('tsx')).href;

const sdkServer: SessionRig = {
  name: 'SDK server process',
  make(options) {
    const pids: number[] = [];
    const transport = fromStdioServer({
      command: process.execPath,
      args: ['--import', tsxLoader, path.join(__dirname, 'sdkServer.ts')],
      stderr: 'ignore',
      spawnObserver: { next: ({ pid }) => pid !== undefined && pids.push(pid) },
    });
    return {
      session$: mcpSession(transport, options),
      dispose: async () => {
        const left = await waitUntilGone(pids, 10_000);
        killIfAlive(left);
        if (left.length > 0) throw new Error(`processes left alive: ${left.join(', ')}`);
      },
    };
  },
};

const fake: SessionRig = {
  name: 'fakeMcpServer()',
  make(options) {
    const cancelled = new Map<FakeMcpConnection, number>();
    const server = fakeMcpServer({
      serverInfo: { name: 'contract', version: '1.0.0' },
      capabilities: { tools: {} },
      tools: CONTRACT_TOOLS.map((tool) => ({
        ...tool,
        call: (args, context) => {
          const connection = server.current;
          if (connection === undefined) throw new Error('no connection');
          switch (tool.name) {
            case 'echo':
              return textResult(String(args.text));
            case 'progress': {
              const steps = Number(args.steps);
              for (let k = 1; k <= steps; k += 1) context.progress(k, steps);
              return textResult('done');
            }
            case 'hold':
              context.progress(0);
              context.signal.addEventListener('abort', () => {
                cancelled.set(connection, (cancelled.get(connection) ?? 0) + 1);
              });
              return NEVER;
            case 'sample':
              return context
                .request('sampling/createMessage', {
                  messages: [{ role: 'user', content: { type: 'text', text: 'say something' } }],
                  maxTokens: 10,
                })
                .pipe(
                  map((answer) => {
                    const content = (answer as { content: { type: string; text?: string } }).content;
                    return textResult(`model said: ${content.type === 'text' ? String(content.text) : '?'}`);
                  }),
                );
            case 'stats': {
              const initialized = connection.received.filter(
                (m) => m.method === 'notifications/initialized',
              ).length;
              return textResult(JSON.stringify({ initialized, cancelled: cancelled.get(connection) ?? 0 }));
            }
            case 'whoami':
              return textResult(`fake-${connection.index}`);
            default:
              // The process goes once this request is taken in, as a process exits after reading it.
              void Promise.resolve().then(() => {
                if (tool.name === 'crash') server.crash();
                else server.exit();
              });
              return NEVER;
          }
        },
      })),
    });
    return { session$: mcpSession(server.transport, options), dispose: () => Promise.resolve() };
  },
};

/** The text of a tool's result. */
function callText(session: McpSession, name: string, args: Record<string, unknown> = {}): Promise<string> {
  return firstValueFrom(
    session.callTool(name, args).pipe(
      filter((event) => event.type === 'result'),
      map((event) => {
        const [block] = event.result.content;
        return block.type === 'text' ? block.text : `(${block.type})`;
      }),
    ),
  );
}

/** A terminal notification, comparable across servers. */
function terminal(end: ObservableNotification<unknown>): unknown {
  if (end.kind !== 'E') return end.kind;
  const { error } = end;
  if (error instanceof StdioServerExitError) return { E: error.name, code: error.code };
  if (error instanceof McpError) return { E: error.name, code: error.code };
  return { E: error instanceof Error ? error.name : String(error) };
}

interface SessionCase {
  name: string;
  options?: McpSessionOptions;
  run(session$: Observable<McpSession>): Promise<unknown>;
  expected: unknown;
}

const sampling: McpSessionOptions = {
  sampling: () =>
    of({ role: 'assistant' as const, content: { type: 'text' as const, text: 'short' }, model: 'm' }),
};

const CASES: SessionCase[] = [
  {
    name: 'every subscriber gets the one ready session, after one handshake',
    async run(session$) {
      const one = record(session$);
      const two = record(session$);
      const [a, b] = await Promise.all([one.waitFor(), two.waitFor()]);
      const stats = JSON.parse(await callText(a, 'stats')) as unknown;
      one.unsubscribe();
      two.unsubscribe();
      return { same: a === b, server: a.serverInfo, stats };
    },
    expected: {
      same: true,
      server: { name: 'contract', version: '1.0.0' },
      stats: { initialized: 1, cancelled: 0 },
    },
  },
  {
    name: 'the tools are listed as declared',
    run: (session$) =>
      firstValueFrom(
        session$.pipe(switchMap((session) => session.tools$.pipe(map((tools) => tools.map((t) => t.name))))),
      ),
    expected: CONTRACT_TOOLS.map((tool) => tool.name),
  },
  {
    name: 'a call emits the progress for its token, then its result',
    run: (session$) =>
      firstValueFrom(
        session$.pipe(switchMap((session) => session.callTool('progress', { steps: 3 }).pipe(toArray()))),
      ),
    expected: [
      { type: 'progress', progress: 1, total: 3 },
      { type: 'progress', progress: 2, total: 3 },
      { type: 'progress', progress: 3, total: 3 },
      { type: 'result', result: textResult('done') },
    ],
  },
  {
    name: 'a call echoes its arguments; a method the server does not know fails with McpError -32601',
    async run(session$) {
      const sessions = record(session$);
      const session = await sessions.waitFor();
      const echoed = await callText(session, 'echo', { text: 'héllo' });
      const unknown = await record(session.request('no/such/method')).end();
      sessions.unsubscribe();
      return { echoed, unknown: terminal(unknown) };
    },
    expected: { echoed: 'héllo', unknown: { E: 'McpError', code: -32601 } },
  },
  {
    name: 'a server request during a call is answered by the client’s handler',
    options: sampling,
    run: (session$) => firstValueFrom(session$.pipe(switchMap((session) => callText(session, 'sample')))),
    expected: 'model said: short',
  },
  {
    name: 'unsubscribing a call cancels it on the server',
    async run(session$) {
      const sessions = record(session$);
      const session = await sessions.waitFor();
      const call = record(session.callTool('hold'));
      await call.waitFor((event) => event.type === 'progress');
      call.unsubscribe();
      const stats = JSON.parse(await callText(session, 'stats')) as unknown;
      sessions.unsubscribe();
      return stats;
    },
    expected: { initialized: 1, cancelled: 1 },
  },
  {
    name: 'a crash errors the session and its pending call with StdioServerExitError (code 1)',
    async run(session$) {
      const sessions = record(session$);
      const session = await sessions.waitFor();
      const call = record(session.callTool('crash'));
      const [callEnd, sessionEnd] = await Promise.all([call.end(), sessions.end()]);
      return { call: terminal(callEnd), session: terminal(sessionEnd) };
    },
    expected: {
      call: { E: 'StdioServerExitError', code: 1 },
      session: { E: 'StdioServerExitError', code: 1 },
    },
  },
  {
    name: 'a server that exits 0 completes the session; its pending call fails with McpSessionClosedError',
    async run(session$) {
      const sessions = record(session$);
      const session = await sessions.waitFor();
      const call = record(session.callTool('exit'));
      const [callEnd, sessionEnd] = await Promise.all([call.end(), sessions.end()]);
      return { call: terminal(callEnd), session: terminal(sessionEnd) };
    },
    expected: { call: { E: 'McpSessionClosedError' }, session: 'C' },
  },
  {
    name: 'after the last subscriber left, the next one gets a fresh server and a fresh handshake',
    async run(session$) {
      const first = record(session$);
      const before = await callText(await first.waitFor(), 'whoami');
      first.unsubscribe();
      const second = record(session$);
      const session = await second.waitFor();
      const after = await callText(session, 'whoami');
      const stats = JSON.parse(await callText(session, 'stats')) as unknown;
      second.unsubscribe();
      return { fresh: before !== after, stats };
    },
    expected: { fresh: true, stats: { initialized: 1, cancelled: 0 } },
  },
];

describe('the session contract: a real MCP server and the fake agree', () => {
  const cells = [sdkServer, fake].flatMap((rig) =>
    CASES.map((entry) => [rig.name, entry.name, rig, entry] as const),
  );

  it.each(cells)('%s: %s', async (_rig, _case, rig, entry) => {
    const harness = rig.make(entry.options ?? {});
    try {
      expect(await entry.run(harness.session$)).toEqual(entry.expected);
    } finally {
      await harness.dispose();
    }
  });
});
