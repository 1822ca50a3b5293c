/**
 * `npm run demo`: the reactive MCP session on a real server. It spawns the bundled "everything"
 * server, shows its info and live tool list, turns on its simulated logging, cancels a call by
 * unsubscribing, runs a long operation with a progress bar, then ends the session and shows that
 * the server exited and left no process behind.
 *
 * `npm run demo -- <command> [args…]` runs any stdio MCP server instead (e.g.
 * `npm run demo -- npx -y @modelcontextprotocol/server-memory`): its info, tools, prompts and
 * resources are listed, and only tools the demo knows from the everything server are called.
 *
 * `npm run demo -- --config <file>` runs the servers of an `mcpServers` config under `mcpHost()`
 * with a live status table (demo/hostStatus.ts; a sample config: demo/host.config.json).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { firstValueFrom, ReplaySubject, Subject, timeout, type Observable, type Subscription } from 'rxjs';
import { fromStdioServer, type StdioExitEvent } from '../lib/index.js';
import type { JsonRpcMessage } from '../lib/session/index.js';
import { mcpSession, type LoggingMessage, type McpSession, type Tool } from '../lib/session/index.js';
import { everythingTour } from './everythingTour.js';
import { hostDemo } from './hostStatus.js';
import * as processTree from './processTree.js';
import { Terminal } from './terminal.js';
import { watchOutgoing } from './watchOutgoing.js';

/** How long the shutdown sequence may take (the transport's defaults: 2 s + 2 s), plus slack. */
const EXIT_WAIT = 6000;

interface Target {
  command: string;
  args: string[];
}

/** The server to run: the command line given, else the bundled everything server. */
function target(argv: readonly string[]): Target {
  const given = argv[0] === '--' ? argv.slice(1) : argv;
  if (given.length > 0) return { command: given[0], args: given.slice(1) };
  const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
  return { command: process.execPath, args: [everything, 'stdio'] };
}

/** The command line, shorter: `node` for this Node, paths under the working directory relative. */
function commandLine({ command, args }: Target): string {
  const short = (arg: string): string => {
    const relative = path.relative(process.cwd(), arg);
    return path.isAbsolute(arg) && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : arg;
  };
  return [command === process.execPath ? 'node' : command, ...args.map(short)].join(' ');
}

/** The package's own version, for `clientInfo`. */
function ownVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const version = (manifest as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}

/** The first line of a text, cut to `max` characters. */
function firstLine(text: string | undefined, max = 72): string {
  const line = (text ?? '').split('\n')[0].trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Names, at most `max` of them, and how many more. */
function names(items: readonly { name: string }[], max = 8): string {
  const shown = items.slice(0, max).map((item) => item.name);
  return items.length > max ? `${shown.join(', ')} … (+${items.length - max})` : shown.join(', ');
}

function logText(log: LoggingMessage): string {
  const data = typeof log.data === 'string' ? log.data : JSON.stringify(log.data);
  return `[${log.level}]${log.logger === undefined ? '' : ` ${log.logger}:`} ${data}`;
}

/** Prints the names of a list once; a server that fails to list is reported, not fatal. */
async function printList(
  term: Terminal,
  label: string,
  list$: Observable<{ name: string }[]>,
): Promise<void> {
  try {
    term.line(label, names(await firstValueFrom(list$)) || '(none)');
  } catch (error) {
    term.line(label, `(could not be listed: ${String(error)})`);
  }
}

function printTools(term: Terminal, tools: readonly Tool[]): void {
  if (tools.length === 0) {
    term.line('tools', '(none)');
    return;
  }
  const width = Math.max(...tools.map((tool) => tool.name.length));
  term.line(
    'tools',
    `${tools.length} tools:\n${tools.map((tool) => `- ${tool.name.padEnd(width)}  ${firstLine(tool.description, 60)}`).join('\n')}`,
  );
}

/** Prints the tool list each time it changes: in full the first time, as a difference later. */
function watchTools(term: Terminal, session: McpSession): Subscription {
  let previous: readonly Tool[] | null = null;
  return session.tools$.subscribe((tools) => {
    if (previous === null) printTools(term, tools);
    else {
      const before = new Set(previous.map((tool) => tool.name));
      const after = new Set(tools.map((tool) => tool.name));
      const added = [...after].filter((name) => !before.has(name));
      const removed = [...before].filter((name) => !after.has(name));
      if (added.length + removed.length > 0) {
        term.line(
          'tools',
          `list changed: ${[...added.map((n) => `+${n}`), ...removed.map((n) => `-${n}`)].join(' ')}`,
        );
      }
    }
    previous = tools;
  });
}

async function main(): Promise<void> {
  const term = new Terminal();
  const config = process.argv.indexOf('--config');
  if (config !== -1) return hostDemo(process.argv[config + 1] ?? 'demo/host.config.json', term);
  const server = target(process.argv.slice(2));
  term.line('demo', `rxjs-mcp-stdio ${ownVersion()}, server: ${commandLine(server)}`);

  let pid: number | undefined;
  const tree = new Set<number>();
  const remember = (): void => {
    if (pid === undefined || !processTree.supported) return;
    tree.add(pid);
    for (const descendant of processTree.descendantsOf(pid)) tree.add(descendant);
  };
  const exits = new ReplaySubject<StdioExitEvent>(1);
  const outgoing$ = new Subject<JsonRpcMessage>();
  const server$ = fromStdioServer({
    command: server.command,
    args: server.args,
    stderr: { next: (line) => term.line('stderr', line) },
    spawnObserver: {
      next: (event) => {
        pid = event.pid;
        term.line('spawn', `server pid ${String(pid)}`);
      },
    },
    closingObserver: { next: () => term.line('shutdown', "closing the server's stdin") },
    exitObserver: { next: (event) => exits.next(event) },
  });

  const subscriptions: Subscription[] = [];
  const session = await new Promise<McpSession>((resolve, reject) => {
    subscriptions.push(
      mcpSession(watchOutgoing(server$, outgoing$), {
        clientInfo: { name: 'rxjs-mcp-stdio-demo', version: ownVersion() },
        requestTimeout: 30_000,
      }).subscribe({
        next: resolve,
        error: (error: unknown) => {
          reject(error instanceof Error ? error : new Error(String(error)));
        },
        complete: () => term.line('session', 'the server closed the connection'),
      }),
    );
  });
  try {
    remember();
    const { serverInfo, serverCapabilities } = session;
    term.line(
      'server',
      `${serverInfo.name} ${serverInfo.version}${serverInfo.title === undefined ? '' : ` (${serverInfo.title})`}`,
    );
    term.line('protocol', session.protocolVersion);
    term.line('offers', Object.keys(serverCapabilities).join(', ') || '(nothing)');

    subscriptions.push(session.logs$.subscribe((log) => term.line('log', logText(log))));
    if (serverCapabilities.logging !== undefined) {
      await firstValueFrom(session.setLoggingLevel('debug'));
      term.line('logging', 'level set to debug: every server log message comes through');
    }

    subscriptions.push(watchTools(term, session));
    const tools = await firstValueFrom(session.tools$);
    if (serverCapabilities.prompts !== undefined) await printList(term, 'prompts', session.prompts$);
    if (serverCapabilities.resources !== undefined) await printList(term, 'resources', session.resources$);
    if (tools.length > 0) await everythingTour({ session, tools, term, outgoing$ });
    remember();
  } finally {
    term.line('end', 'unsubscribing: the session ends and the server is shut down');
    for (const subscription of subscriptions) subscription.unsubscribe();
  }
  await reportExit(term, pid, exits, tree);
}

/** Waits for the server's exit and prints it, then proves (Linux) that nothing is left running. */
async function reportExit(
  term: Terminal,
  pid: number | undefined,
  exits: ReplaySubject<StdioExitEvent>,
  tree: ReadonlySet<number>,
): Promise<void> {
  if (pid === undefined) return;
  const { code, signal } = await firstValueFrom(exits.pipe(timeout(EXIT_WAIT)));
  term.line('exit', `server pid ${pid} exited: code ${String(code)}, signal ${String(signal)}`);
  if (!processTree.supported) return;
  const deadline = Date.now() + EXIT_WAIT;
  let left = [...tree].filter(processTree.isRunning);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = left.filter(processTree.isRunning);
  }
  if (left.length > 0) throw new Error(`Still running: ${left.join(', ')}`);
  const others = tree.size - 1;
  term.line(
    'cleanup',
    `no process left: server pid ${pid} and its ${others} descendant${others === 1 ? '' : 's'} are gone (checked in /proc)`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${String(error)}\n`);
  process.exitCode = 1;
});
