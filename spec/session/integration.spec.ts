import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  BehaviorSubject,
  defer,
  filter,
  firstValueFrom,
  lastValueFrom,
  map,
  Observable,
  of,
  repeat,
  shareReplay,
  type Subscription,
  take,
  tap,
  timeout,
  toArray,
} from 'rxjs';
import { fromStdioServer, type StdioServerParams } from '../../lib/index.js';
import type { JsonRpcMessage } from '../../lib/session/index.js';
import { LATEST_PROTOCOL_VERSION } from '../../lib/session/protocolVersions.js';
import {
  mcpSession,
  McpError,
  McpTimeoutError,
  type CallToolResult,
  type McpNotification,
  type McpRequestEvent,
  type McpSession,
  type McpSessionOptions,
  type McpTransport,
  type Root,
} from '../../lib/session/index.js';
import { descendantsOf, isAlive, killIfAlive, waitUntilGone } from '../support/processes.js';
import { waitFor } from '../support/wait.js';

const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
const memory = require.resolve('@modelcontextprotocol/server-memory/dist/index.js');
const filesystem = require.resolve('@modelcontextprotocol/server-filesystem/dist/index.js');

/** A live session on a real server, with everything that crossed the wire. */
interface Harness {
  session: McpSession;
  /** Messages the client sent. */
  sent: JsonRpcMessage[];
  /** Frames the server sent. */
  received: JsonRpcMessage[];
  /** Notifications, from the moment the session was ready. */
  notifications: McpNotification[];
  /** The server's pid. */
  pid: number;
  /**
   * Unsubscribes the session and waits for the server and its descendants to be gone.
   *
   * @returns The pids still alive after 5 s (empty: success).
   */
  end(): Promise<number[]>;
}

async function start(
  params: StdioServerParams<JsonRpcMessage, JsonRpcMessage>,
  options: McpSessionOptions = {},
): Promise<Harness> {
  let pid: number | undefined;
  const server$ = fromStdioServer({
    ...params,
    stderr: 'ignore',
    spawnObserver: {
      next: (event) => {
        pid = event.pid;
      },
    },
  });
  const sent: JsonRpcMessage[] = [];
  const received: JsonRpcMessage[] = [];
  const notifications: McpNotification[] = [];
  const recorded = new Observable<JsonRpcMessage>((subscriber) =>
    server$.pipe(tap((frame) => received.push(frame))).subscribe(subscriber),
  );
  const transport: McpTransport = Object.assign(recorded, {
    next: (message: JsonRpcMessage) => {
      sent.push(message);
      server$.next(message);
    },
    complete: () => {
      server$.complete();
    },
    error: (error: unknown) => {
      server$.error(error);
    },
  });
  let subscription: Subscription | undefined;
  const session = await new Promise<McpSession>((resolve, reject) => {
    subscription = mcpSession(transport, { requestTimeout: 15_000, ...options }).subscribe({
      next: (ready) => {
        ready.notifications$.subscribe((n) => notifications.push(n));
        resolve(ready);
      },
      error: reject,
    });
  });
  if (pid === undefined) throw new Error('no pid');
  const serverPid = pid;
  return {
    session,
    sent,
    received,
    notifications,
    pid: serverPid,
    end: () => {
      const tree = [serverPid, ...descendantsOf(serverPid)];
      subscription?.unsubscribe();
      return waitUntilGone(tree, 5000);
    },
  };
}

/** The result of a tool call, its progress events dropped. */
const resultOf = (events$: Observable<McpRequestEvent<CallToolResult>>): Promise<CallToolResult> =>
  lastValueFrom(events$.pipe(filter((e) => e.type === 'result'))).then((e) => e.result);

/** The text of a tool result. */
const textOf = (result: CallToolResult): string =>
  result.content.map((block) => (block.type === 'text' ? block.text : `[${block.type}]`)).join('\n');

/** Retries a tool call every 50 ms until its text passes `test` (5 s at most). */
const eventually = (session: McpSession, tool: string, test: (text: string) => boolean): Promise<string> =>
  firstValueFrom(
    defer(() => resultOf(session.callTool(tool))).pipe(
      map(textOf),
      repeat({ delay: 50 }),
      filter(test),
      take(1),
      timeout(15_000),
    ),
  );

describe('session against @modelcontextprotocol/server-everything', () => {
  let harness: Harness;
  let session: McpSession;
  const roots = new BehaviorSubject<Root[]>([{ uri: 'file:///first-root', name: 'first' }]);
  const sampled: string[] = [];

  beforeAll(async () => {
    harness = await start(
      { command: process.execPath, args: [everything, 'stdio'] },
      {
        roots,
        sampling: (params) => {
          sampled.push(JSON.stringify(params.messages));
          return of({
            role: 'assistant' as const,
            content: { type: 'text' as const, text: 'sampled!' },
            model: 'fake-llm',
          });
        },
        elicitation: (params) =>
          of({ action: 'accept' as const, content: { name: `Ada (${params.message.length})` } }),
      },
    );
    session = harness.session;
  });

  afterAll(async () => {
    // Normally gone already (a test ended the session); after a failed test, reported and killed.
    const left = await harness.end();
    killIfAlive(left);
    expect(left).toEqual([]);
  });

  it('performs the handshake', () => {
    expect(session.serverInfo).toMatchObject({ name: 'mcp-servers/everything' });
    expect(session.protocolVersion).toBe(LATEST_PROTOCOL_VERSION);
    expect(session.serverCapabilities).toMatchObject({
      tools: {},
      prompts: {},
      resources: { subscribe: true },
      logging: {},
    });
    expect(session.instructions).toEqual(expect.stringContaining('Everything'));
    expect(harness.sent.slice(0, 2).map((m) => m.method)).toEqual([
      'initialize',
      'notifications/initialized',
    ]);
    expect(harness.sent[0].params).toMatchObject({
      capabilities: { roots: { listChanged: true }, sampling: {}, elicitation: {} },
    });
  });

  it('answers ping', async () => {
    await expect(firstValueFrom(session.ping())).resolves.toBeUndefined();
  });

  it('lists the tools, including those registered for the declared client capabilities', async () => {
    const names = (await firstValueFrom(session.tools$)).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'echo',
        'get-sum',
        'trigger-long-running-operation',
        'toggle-simulated-logging',
        'toggle-subscriber-updates',
        'gzip-file-as-resource',
        'get-roots-list',
        'trigger-sampling-request',
        'trigger-elicitation-request',
      ]),
    );
  });

  it('calls tools; a failing tool is a result with isError', async () => {
    expect(textOf(await resultOf(session.callTool('echo', { message: 'hello' })))).toBe('Echo: hello');
    expect(textOf(await resultOf(session.callTool('get-sum', { a: 2, b: 40 })))).toContain('42');
    const failed = await resultOf(session.callTool('get-sum', { a: 'two' }));
    expect(failed.isError).toBe(true);
  });

  it('emits the progress of a long-running tool, then its result', async () => {
    const events = await lastValueFrom(
      session.callTool('trigger-long-running-operation', { duration: 0.3, steps: 3 }).pipe(toArray()),
    );
    expect(events.slice(0, 3)).toEqual([
      { type: 'progress', progress: 1, total: 3 },
      { type: 'progress', progress: 2, total: 3 },
      { type: 'progress', progress: 3, total: 3 },
    ]);
    expect(events).toHaveLength(4);
    expect(events[3].type === 'result' && textOf(events[3].result)).toContain(
      'Long running operation completed',
    );
  });

  it('cancels a tool call on unsubscribe, and times one out, and the server answers neither', async () => {
    const before = harness.sent.length;
    const first = await firstValueFrom(
      session.callTool('trigger-long-running-operation', { duration: 0.8, steps: 2 }),
    );
    expect(first).toEqual({ type: 'progress', progress: 1, total: 2 });
    const timedOut = await firstValueFrom(
      session.callTool('trigger-long-running-operation', { duration: 0.8, steps: 1 }, { timeout: 200 }),
    ).catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(McpTimeoutError);
    const calls = harness.sent.slice(before).filter((m) => m.method === 'tools/call');
    const cancellations = harness.sent.slice(before).filter((m) => m.method === 'notifications/cancelled');
    expect(cancellations.map((m) => m.params)).toEqual([
      { requestId: calls[0].id, reason: 'The client unsubscribed' },
      { requestId: calls[1].id, reason: 'Request timed out after 200 ms' },
    ]);
    // The tool keeps reporting progress after the cancellation; once its last step is reported,
    // the server has returned from it, and a ping answered after that proves no answer followed.
    const lastStep = (id: unknown, step: number) =>
      harness.received.some(
        (m) =>
          m.method === 'notifications/progress' &&
          (m.params as { progressToken?: unknown; progress?: number }).progressToken === id &&
          (m.params as { progress?: number }).progress === step,
      );
    await waitFor(
      () => lastStep(calls[0].id, 2) && lastStep(calls[1].id, 1),
      'the last progress of both calls',
    );
    await firstValueFrom(session.ping());
    const answers = harness.received.filter(
      (m) => m.method === undefined && (m.id === calls[0].id || m.id === calls[1].id),
    );
    expect(answers).toEqual([]);
    await expect(firstValueFrom(session.ping())).resolves.toBeUndefined();
  });

  it('lists, gets and completes prompts', async () => {
    const prompts = (await firstValueFrom(session.prompts$)).map((p) => p.name);
    expect(prompts).toEqual(expect.arrayContaining(['simple-prompt', 'args-prompt', 'completable-prompt']));
    const prompt = await firstValueFrom(session.getPrompt('args-prompt', { city: 'Lisbon' }));
    expect(JSON.stringify(prompt.messages)).toContain('Lisbon');
    const completion = await firstValueFrom(
      session.complete({
        ref: { type: 'ref/prompt', name: 'completable-prompt' },
        argument: { name: 'department', value: 'Eng' },
      }),
    );
    expect(completion.completion.values).toEqual(['Engineering']);
  });

  it('lists and reads resources and templates; an unknown resource is an McpError', async () => {
    const resources = (await firstValueFrom(session.resources$)).map((r) => r.uri);
    expect(resources).toContain('demo://resource/static/document/features.md');
    const templates = (await firstValueFrom(session.resourceTemplates$)).map((t) => t.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(['demo://resource/dynamic/text/{resourceId}']));
    const read = await firstValueFrom(session.readResource('demo://resource/dynamic/text/7'));
    expect(read.contents[0]).toMatchObject({
      uri: 'demo://resource/dynamic/text/7',
      text: expect.stringContaining('Resource 7'),
    });
    const missing = await firstValueFrom(session.readResource('demo://nope')).catch(
      (error: unknown) => error,
    );
    expect(missing).toBeInstanceOf(McpError);
    expect(missing).toMatchObject({ code: -32602 });
  });

  it('refetches resources$ when the server announces a new resource', async () => {
    const uri = 'demo://resource/session/hello.txt.gz';
    const lists: string[][] = [];
    const withNew = firstValueFrom(
      session.resources$.pipe(
        map((list) => list.map((r) => r.uri)),
        tap((uris) => lists.push(uris)),
        filter((uris) => uris.includes(uri)),
        timeout(15_000),
      ),
    );
    await resultOf(
      session.callTool('gzip-file-as-resource', {
        name: 'hello.txt.gz',
        data: `data:text/plain;base64,${Buffer.from('hello').toString('base64')}`,
      }),
    );
    await withNew;
    expect(lists[0]).not.toContain(uri);
    expect(harness.notifications.map((n) => n.method)).toContain('notifications/resources/list_changed');
  });

  it('watches a resource: subscribe, read, re-read on update, unsubscribe', async () => {
    const uri = 'demo://resource/dynamic/text/3';
    const before = harness.sent.length;
    const watch$ = session.watchResource(uri).pipe(shareReplay({ bufferSize: 2, refCount: true }));
    const contents = firstValueFrom(watch$.pipe(take(2), toArray(), timeout(20_000)));
    // The first read is in: the server's subscription exists before updates are turned on.
    await firstValueFrom(watch$.pipe(timeout(15_000)));
    await resultOf(session.callTool('toggle-subscriber-updates'));
    const [first, second] = await contents;
    await resultOf(session.callTool('toggle-subscriber-updates'));
    expect(first.contents[0]).toMatchObject({ uri, text: expect.stringContaining('Resource 3') });
    expect(second.contents[0]).toMatchObject({ uri });
    const methods = harness.sent
      .slice(before)
      .filter((m) => m.params !== undefined && (m.params as { uri?: string }).uri === uri);
    expect(methods.map((m) => m.method)).toEqual([
      'resources/subscribe',
      'resources/read',
      'resources/read',
      'resources/unsubscribe',
    ]);
    expect(harness.notifications).toContainEqual({
      method: 'notifications/resources/updated',
      params: { uri },
    });
  });

  it('sets the logging level and receives log messages', async () => {
    await firstValueFrom(session.setLoggingLevel('debug'));
    // The server picks one of eight messages at random, and spells one of them
    // "Alert level-message": match them all, or a run of alerts times out.
    const log = firstValueFrom(
      session.logs$.pipe(
        filter((l) => /level.message/i.test(String(l.data))),
        timeout(15_000),
      ),
    );
    await resultOf(session.callTool('toggle-simulated-logging'));
    const message = await log;
    await resultOf(session.callTool('toggle-simulated-logging'));
    // Each message names its own level ("Warning-level message" is sent at "warning").
    expect(String(message.data).toLowerCase()).toContain(message.level);
  });

  it('answers roots/list and announces new roots', async () => {
    expect(await eventually(session, 'get-roots-list', (t) => t.includes('file:///first-root'))).toContain(
      'first',
    );
    roots.next([{ uri: 'file:///second-root', name: 'second' }]);
    expect(await eventually(session, 'get-roots-list', (t) => t.includes('file:///second-root'))).toContain(
      'second',
    );
    expect(harness.sent.map((m) => m.method)).toContain('notifications/roots/list_changed');
  });

  it('answers sampling and elicitation through the handlers', async () => {
    const sampling = textOf(
      await resultOf(session.callTool('trigger-sampling-request', { prompt: 'Tell me', maxTokens: 5 })),
    );
    expect(sampling).toContain('sampled!');
    expect(sampled.join()).toContain('Tell me');
    const elicitation = textOf(await resultOf(session.callTool('trigger-elicitation-request')));
    expect(elicitation).toContain('Name: Ada');
  });

  it('ends the server when the session is unsubscribed', async () => {
    expect(isAlive(harness.pid)).toBe(true);
    expect(await harness.end()).toEqual([]);
    expect(isAlive(harness.pid)).toBe(false);
    await expect(firstValueFrom(session.ping())).rejects.toMatchObject({ name: 'McpSessionClosedError' });
  });
});

describe('session against @modelcontextprotocol/server-memory', () => {
  let harness: Harness;
  let session: McpSession;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rxjs-mcp-memory-'));
    harness = await start({
      command: process.execPath,
      args: [memory],
      env: { MEMORY_FILE_PATH: path.join(dir, 'memory.jsonl') },
    });
    session = harness.session;
  });

  afterAll(async () => {
    // Normally gone already (a test ended the session); after a failed test, reported and killed.
    const left = await harness.end();
    killIfAlive(left);
    expect(left).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists its tools and has no prompts (capability absent, nothing asked)', async () => {
    const names = (await firstValueFrom(session.tools$)).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['create_entities', 'read_graph', 'search_nodes', 'delete_entities']),
    );
    expect(await firstValueFrom(session.prompts$)).toEqual([]);
    expect(harness.sent.map((m) => m.method)).not.toContain('prompts/list');
  });

  it('creates, searches and deletes entities', async () => {
    const entity = { name: 'Ada', entityType: 'person', observations: ['wrote the first program'] };
    await resultOf(session.callTool('create_entities', { entities: [entity] }));
    expect(textOf(await resultOf(session.callTool('search_nodes', { query: 'program' })))).toContain('Ada');
    await resultOf(session.callTool('delete_entities', { entityNames: ['Ada'] }));
    expect(textOf(await resultOf(session.callTool('read_graph')))).not.toContain('Ada');
  });

  it('watches the knowledge graph, and the server stops notifying after the watch ends', async () => {
    const uri = 'memory://knowledge-graph';
    const watch$ = session.watchResource(uri).pipe(
      map((r) => (r.contents[0] as { text: string }).text),
      shareReplay({ bufferSize: 2, refCount: true }),
    );
    const graphs = firstValueFrom(watch$.pipe(take(2), toArray(), timeout(15_000)));
    // The first read is in: the server's subscription exists before the graph changes.
    await firstValueFrom(watch$.pipe(timeout(15_000)));
    await resultOf(
      session.callTool('create_entities', {
        entities: [{ name: 'Grace', entityType: 'person', observations: [] }],
      }),
    );
    const [before, after] = await graphs;
    expect(before).not.toContain('Grace');
    expect(after).toContain('Grace');
    // The watch has ended: once the server has answered a ping sent after the unsubscribe, it
    // has processed the unsubscribe, and every update it sent before is in.
    await waitFor(
      () => harness.sent.some((m) => m.method === 'resources/unsubscribe'),
      'resources/unsubscribe',
    );
    await firstValueFrom(session.ping());
    const updates = harness.notifications.filter(
      (n) => n.method === 'notifications/resources/updated',
    ).length;
    await resultOf(session.callTool('delete_entities', { entityNames: ['Grace'] }));
    await firstValueFrom(session.ping());
    expect(harness.notifications.filter((n) => n.method === 'notifications/resources/updated')).toHaveLength(
      updates,
    );
    expect(harness.sent.map((m) => m.method)).toContain('resources/unsubscribe');
  });

  it('reports an unsupported method as an McpError -32601', async () => {
    const error = await firstValueFrom(session.request('completion/complete', {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect(error).toMatchObject({ code: -32601 });
  });

  it('ends the server when the session is unsubscribed', async () => {
    expect(await harness.end()).toEqual([]);
    expect(isAlive(harness.pid)).toBe(false);
  });
});

describe('session against @modelcontextprotocol/server-filesystem on a temporary directory', () => {
  let harness: Harness;
  let session: McpSession;
  let base: string;
  let started: string;
  let rooted: string;
  let moved: string;
  let roots: BehaviorSubject<Root[]>;

  beforeAll(async () => {
    base = realpathSync(mkdtempSync(path.join(tmpdir(), 'rxjs-mcp-fs-')));
    [started, rooted, moved] = ['started', 'rooted', 'moved'].map((name) => path.join(base, name));
    for (const dir of [started, rooted, moved]) mkdirSync(dir);
    roots = new BehaviorSubject<Root[]>([{ uri: pathToFileURL(rooted).href, name: 'rooted' }]);
    harness = await start({ command: process.execPath, args: [filesystem, started] }, { roots });
    session = harness.session;
  });

  afterAll(async () => {
    // Normally gone already (a test ended the session); after a failed test, reported and killed.
    const left = await harness.end();
    killIfAlive(left);
    expect(left).toEqual([]);
    rmSync(base, { recursive: true, force: true });
  });

  it('works in the roots the client gives, and follows their changes', async () => {
    expect(await eventually(session, 'list_allowed_directories', (t) => t.includes(rooted))).not.toContain(
      started,
    );
    roots.next([{ uri: pathToFileURL(moved).href, name: 'moved' }]);
    expect(await eventually(session, 'list_allowed_directories', (t) => t.includes(moved))).not.toContain(
      rooted,
    );
  });

  it('writes, reads and lists files; a path outside the roots is a tool error', async () => {
    const file = path.join(moved, 'note.txt');
    await resultOf(session.callTool('write_file', { path: file, content: 'hello from rxjs' }));
    expect(textOf(await resultOf(session.callTool('read_text_file', { path: file })))).toBe(
      'hello from rxjs',
    );
    expect(textOf(await resultOf(session.callTool('list_directory', { path: moved })))).toContain('note.txt');
    const outside = await resultOf(
      session.callTool('read_text_file', { path: path.join(rooted, 'nope.txt') }),
    );
    expect(outside.isError).toBe(true);
  });

  it('ends the server when the session is unsubscribed', async () => {
    expect(await harness.end()).toEqual([]);
    expect(isAlive(harness.pid)).toBe(false);
  });
});
