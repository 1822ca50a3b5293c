/**
 * Runs a TypeScript entry with tsx as a user would (no terminal), watching its process tree while
 * it runs, so that a test can prove by pid that everything it started is gone. The demo, host-demo
 * and runnable-example specs all run scripts this way.
 *
 * It runs `node --import tsx`, as `npm run demo` does, not the `tsx` command: that command is a
 * parent process that relays Ctrl+C to the script and, when the script has not answered within
 * 30 ms (a loaded machine), kills it with SIGKILL, so the script's own Ctrl+C shutdown never runs.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { descendantsOf, killIfAlive } from './processes.js';

const root = path.join(__dirname, '..', '..');
const tsxLoader = pathToFileURL(require.resolve('tsx')).href;

/** What one run did. */
export interface TsxRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Every process seen below the script while it ran. */
  descendants: number[];
}

/** How to run it. */
export interface TsxRunOptions {
  /** The watchdog: past it the tree is killed and the run rejects. */
  timeoutMs: number;
  /** Every pid seen is added here too, for the spec's safety net. */
  seen: Set<number>;
  /** Its own process group, so a signal can go to the group as a terminal sends it. */
  detached?: boolean;
  /** Called with all stdout so far, and the pid, on every chunk. */
  onOutput?: (stdout: string, pid: number) => void;
  /** Node's own flags, before the loader (e.g. `--expose-gc`). */
  nodeArgs?: readonly string[];
}

/**
 * Runs `node --import tsx <args>` from the repository root.
 *
 * @param args The script (relative to the root) and its arguments.
 */
export function runTsx(args: readonly string[], options: TsxRunOptions): Promise<TsxRun> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', tsxLoader, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${args.join(' ')} did not start`);
  options.seen.add(pid);
  const descendants = new Set<number>();
  const poll = setInterval(() => {
    for (const descendant of descendantsOf(pid)) {
      descendants.add(descendant);
      options.seen.add(descendant);
    }
  }, 25);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    options.onOutput?.(stdout, pid);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const watchdog = setTimeout(() => {
      clearInterval(poll);
      killIfAlive([pid, ...descendants]);
      reject(
        new Error(`${args.join(' ')} did not end within ${options.timeoutMs} ms:\n${stdout}\n${stderr}`),
      );
    }, options.timeoutMs);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(watchdog);
      resolve({ code, signal, stdout, stderr, descendants: [...descendants] });
    });
  });
}
