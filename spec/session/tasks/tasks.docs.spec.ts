// The examples of docs/tasks.md are the files of spec/session/tasks/examples, verbatim but for the
// import path; here they run against the real everything server and their output is checked
// against what the page says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  filter,
  firstValueFrom,
  lastValueFrom,
  NEVER,
  Subject,
  tap,
  timeout,
  toArray,
  type Subscription,
} from 'rxjs';
import { fromStdioServer } from '../../../lib/index.js';
import { mcpSession, type McpSession } from '../../../lib/session/index.js';
import { descendantsOf, waitUntilGone } from '../../support/processes.js';
import { research } from './examples/research.example.js';
import { runTool } from './examples/taskOrCall.example.js';
import { weatherIn } from './examples/weather.example.js';

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
const root = path.join(__dirname, '..', '..', '..');
const page = readFileSync(path.join(root, 'docs', 'tasks.md'), 'utf8').replace(/\r\n/g, '\n');
const BOUND_MS = 25_000;

const spawned: number[] = [];
const everythingServer = () =>
  fromStdioServer({
    command: process.execPath,
    args: [everything, 'stdio'],
    stderr: 'ignore',
    spawnObserver: {
      next: ({ pid }) => {
        if (pid !== undefined) spawned.push(pid);
      },
    },
  });

afterEach(async () => {
  const tree = spawned.splice(0).flatMap((pid) => [pid, ...descendantsOf(pid)]);
  expect(await waitUntilGone(tree, 8000)).toEqual([]);
});

describe('docs/tasks.md', () => {
  it('shows each example file verbatim (the import path mapped to the package)', () => {
    const blocks = [...page.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map(([, code]) => code);
    const shown = new Map<string, string>();
    for (const code of blocks) {
      const marker = /^\/\/ docs\/tasks\.md example: (\S+)\n/.exec(code);
      if (marker !== null) shown.set(marker[1], code);
    }
    expect([...shown.keys()].sort()).toEqual([
      'research.example.ts',
      'taskOrCall.example.ts',
      'weather.example.ts',
    ]);
    for (const [file, code] of shown) {
      const source = readFileSync(path.join(__dirname, 'examples', file), 'utf8')
        .replace(/\r\n/g, '\n')
        .replaceAll("'../../../../lib/session/index.js'", "'rxjs-mcp-stdio/session'");
      expect(code).toBe(source);
    }
  });

  it('research: logs the changes the page shows, in order, and resolves to the report title', async () => {
    const log: string[] = [];
    const title = await research(everythingServer(), 'python', (line) => log.push(line));
    expect(title).toBe('# Research Report: python (programming)');
    const shown = /```text\n([\s\S]*?)```/
      .exec(page.slice(page.indexOf('research.example.ts')))?.[1]
      .trim()
      .split('\n');
    expect(shown).toBeDefined();
    // Every line the page shows was logged, in the page's order (stage lines may come in between).
    let at = -1;
    for (const line of shown ?? []) {
      const found = log.indexOf(line, at + 1);
      expect({ line, found: found > at }).toEqual({ line, found: true });
      at = found;
    }
  });

  it('runTool falls back to a plain call, runs a task as a task, and cancels it on the server', async () => {
    let subscription: Subscription | undefined;
    const session = await new Promise<McpSession>((resolve, reject) => {
      subscription = mcpSession(everythingServer(), { requestTimeout: 15_000 }).subscribe({
        next: resolve,
        error: reject,
      });
    });
    try {
      const plain = await lastValueFrom(
        runTool(session, 'echo', { message: 'hi' }, NEVER).pipe(toArray(), timeout(BOUND_MS)),
      );
      expect(plain).toEqual([{ type: 'result', result: { content: [{ type: 'text', text: 'Echo: hi' }] } }]);

      const cancel$ = new Subject<void>();
      let taskId = '';
      const seen = await lastValueFrom(
        runTool(session, 'simulate-research-query', { topic: 'rx' }, cancel$).pipe(
          tap((event) => {
            if (event.type === 'task') {
              taskId = event.task.taskId;
              // As a user's click would: after this event has been delivered.
              queueMicrotask(() => {
                cancel$.next();
              });
            }
          }),
          toArray(),
          timeout(BOUND_MS),
        ),
      );
      expect(seen.map((e) => e.type)).toEqual(['task']);
      const tasks = await firstValueFrom(
        session.tasks$.pipe(
          filter((list) => list.some((t) => t.taskId === taskId && t.status === 'cancelled')),
          timeout(BOUND_MS),
        ),
      );
      expect(tasks.find((t) => t.taskId === taskId)?.status).toBe('cancelled');
    } finally {
      subscription?.unsubscribe();
    }
  });

  it('weatherIn emits the structured output the page shows', async () => {
    let subscription: Subscription | undefined;
    const session = await new Promise<McpSession>((resolve, reject) => {
      subscription = mcpSession(everythingServer(), { requestTimeout: 15_000 }).subscribe({
        next: resolve,
        error: reject,
      });
    });
    try {
      const weather = await firstValueFrom(weatherIn(session, 'Chicago').pipe(timeout(BOUND_MS)));
      expect(weather).toEqual({ temperature: 36, conditions: 'Light rain / drizzle', humidity: 82 });
      expect(page).toContain(
        "`weatherIn(session, 'Chicago')` emits `{ temperature: 36, conditions: 'Light rain / drizzle',\nhumidity: 82 }`",
      );
    } finally {
      subscription?.unsubscribe();
    }
  });
});
