/**
 * The fixture servers do what their headers say. They are run with plain child_process (no
 * library code), and every test proves that nothing it started is left alive.
 */
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { NEVER, Observable, of, throwError } from 'rxjs';
import { collect, record, terminalOf, valuesOf } from './support/collect.js';
import {
  cleanupFixtures,
  parseFrame,
  spawnFixture,
  trackPids,
  type FixtureProcess,
} from './support/fixtureProcess.js';
import {
  descendantsOf,
  fixturePath,
  isAlive,
  killGroupIfAlive,
  killIfAlive,
  openFdCount,
  processGroupMembers,
  processInfo,
  waitUntilGone,
} from './support/processes.js';
import { waitFor } from './support/wait.js';

const GONE_TIMEOUT = 3000;

/** Waits (bounded) until the fixture's stderr contains `text`: the fixture's word that it got there. */
async function stderrSays(fixture: FixtureProcess, text: string): Promise<void> {
  await waitFor(() => fixture.stderr().includes(text), `stderr line "${text}" of pid ${fixture.pid}`, 5000);
}

/** Resolves with how the process ended, or rejects if it is still running after `ms`. */
async function exitWithin(fixture: FixtureProcess, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`pid ${fixture.pid} still running after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([fixture.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The `pids` notification of grandchildren.js / daemon.js. */
async function reportedPids(fixture: FixtureProcess): Promise<{ pids: number[]; wrappers: number[] }> {
  const frame = await fixture.waitForFrame((f) => f.method === 'pids', 5000);
  const params = frame.params as { pids: number[]; wrappers: number[] };
  trackPids([...params.pids, ...params.wrappers]);
  return params;
}

/** The stdout lines (after stdout ended), each parsed. */
async function framesOf(fixture: FixtureProcess): Promise<unknown[]> {
  await fixture.lines.end(5000);
  return fixture.lines.values.map((line) => parseFrame(line) ?? line);
}

interface BadFramesEntry {
  index: number;
  name: string;
  base64: string;
  terminator: string;
  length: number;
  expect: 'frame' | 'malformed' | 'skipped';
  frame?: unknown;
  validUtf8: boolean;
  frameIfReplaced?: unknown;
  frameIfIgnored?: unknown;
}

afterEach(() => {
  cleanupFixtures();
});

describe('echo.js', () => {
  it('answers initialize like an MCP server, echoes requests, emits frames, exits 0 on EOF', async () => {
    const echo = spawnFixture('echo.js');
    echo.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2024-11-05' } });
    echo.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    echo.send({ jsonrpc: '2.0', id: 'two', method: 'anything', params: { a: [1, 'x'] } });
    echo.child.stdin.write('not json\n\n');
    echo.send({
      jsonrpc: '2.0',
      method: 'emit',
      params: { frames: [{ a: 1 }, { b: 2 }], raw: ['raw line'] },
    });
    echo.send({ jsonrpc: '2.0', id: 3, method: 'ping' });
    echo.send({ jsonrpc: '2.0', id: 4, method: 'no-params' });
    echo.child.stdin.end();

    expect(await exitWithin(echo, 5000)).toEqual({ code: 0, signal: null });
    expect(await framesOf(echo)).toEqual([
      {
        jsonrpc: '2.0',
        id: 1,
        result: {
          protocolVersion: '2024-11-05',
          capabilities: {},
          serverInfo: { name: 'echo', version: '1.0.0' },
        },
      },
      { jsonrpc: '2.0', id: 'two', result: { a: [1, 'x'] } },
      { a: 1 },
      { b: 2 },
      'raw line',
      { jsonrpc: '2.0', id: 3, result: {} },
      { jsonrpc: '2.0', id: 4, result: null },
    ]);
    expect(echo.stderr()).toContain('not JSON');
    expect(await waitUntilGone([echo.pid], GONE_TIMEOUT)).toEqual([]);
  });

  it('exits with the code of an exit request, after flushing earlier answers', async () => {
    const echo = spawnFixture('echo.js');
    echo.send({ jsonrpc: '2.0', id: 1, method: 'first', params: 'before exit' });
    echo.send({ jsonrpc: '2.0', id: 2, method: 'exit', params: { code: 7 } });
    echo.send({ jsonrpc: '2.0', id: 3, method: 'after', params: 'never answered' });

    expect(await exitWithin(echo, 5000)).toEqual({ code: 7, signal: null });
    expect(await framesOf(echo)).toEqual([{ jsonrpc: '2.0', id: 1, result: 'before exit' }]);
    expect(await waitUntilGone([echo.pid], GONE_TIMEOUT)).toEqual([]);
  });

  it('reflects notifications with --reflect and leaves hold requests unanswered', async () => {
    const echo = spawnFixture('echo.js', ['--reflect']);
    echo.send({ jsonrpc: '2.0', id: 1, method: 'hold' });
    echo.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } });
    echo.send({ jsonrpc: '2.0', id: 2, method: 'stderr', params: { lines: ['log one', 'log two'] } });
    echo.child.stdin.end();

    expect(await exitWithin(echo, 5000)).toEqual({ code: 0, signal: null });
    expect(await framesOf(echo)).toEqual([
      {
        jsonrpc: '2.0',
        method: 'reflected',
        params: { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } },
      },
      { jsonrpc: '2.0', id: 2, result: { written: 2 } },
    ]);
    expect(echo.stderr()).toBe('log one\nlog two\n');
  });

  it('serves an MCP client (the SDK v1 Client over its own stdio transport)', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [fixturePath('echo.js')] });
    const client = new Client({ name: 'fixtures-spec', version: '0.0.0' });
    await client.connect(transport);
    const pid = transport.pid ?? -1;
    trackPids([pid]);

    expect(client.getServerVersion()).toEqual({ name: 'echo', version: '1.0.0' });
    expect(client.getServerCapabilities()).toEqual({});
    expect(await client.ping()).toEqual({});
    await client.close();
    expect(await waitUntilGone([pid], GONE_TIMEOUT)).toEqual([]);
  });

  it('echoes a 32 MB line whole', async () => {
    // Large enough to cross many pipe chunks; its speed is the benchmark's business.
    const size = 32 * 1024 * 1024;
    const payload = 'x'.repeat(size);
    const echo = spawnFixture('echo.js');
    echo.child.stdin.write(`{"jsonrpc":"2.0","id":1,"method":"big","params":{"s":"`);
    echo.child.stdin.write(payload);
    echo.child.stdin.end(`"}}\n`);

    // Bounds only against a hang: speed is the benchmark's business, not a test's.
    expect(await exitWithin(echo, 100_000)).toEqual({ code: 0, signal: null });
    await echo.lines.end(100_000);
    expect(echo.lines.values).toHaveLength(1);
    const answer = JSON.parse(echo.lines.values[0]) as { id: number; result: { s: string } };
    expect(answer.id).toBe(1);
    expect(answer.result.s.length).toBe(size);
    expect(answer.result.s === payload).toBe(true);
  }, 240_000);
});

describe('slow-exit.js', () => {
  it('exits 0 only after the given delay once stdin is closed', async () => {
    const slow = spawnFixture('slow-exit.js', ['400']);
    slow.send({ jsonrpc: '2.0', id: 1, method: 'ping' });
    await slow.waitForFrame((f) => f.id === 1);
    const closedAt = Date.now();
    slow.child.stdin.end();

    expect(await exitWithin(slow, 5000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - closedAt).toBeGreaterThanOrEqual(380);
    expect(await waitUntilGone([slow.pid], GONE_TIMEOUT)).toEqual([]);
  });
});

describe('ignore-eof.js', () => {
  it('keeps running after stdin EOF and dies of SIGTERM', async () => {
    const fixture = spawnFixture('ignore-eof.js');
    fixture.send({ jsonrpc: '2.0', id: 1, method: 'ping' });
    await fixture.waitForFrame((f) => f.id === 1);
    fixture.child.stdin.end();
    await stderrSays(fixture, 'stdin closed, staying up until signalled');
    expect(isAlive(fixture.pid)).toBe(true);

    fixture.child.kill('SIGTERM');
    expect(await exitWithin(fixture, 5000)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(await waitUntilGone([fixture.pid], GONE_TIMEOUT)).toEqual([]);
  });
});

describe('ignore-sigterm.js', () => {
  it('reports ready, survives SIGTERM and EOF, dies of SIGKILL', async () => {
    const fixture = spawnFixture('ignore-sigterm.js');
    const ready = await fixture.waitForFrame((f) => f.method === 'ready');
    expect(ready).toEqual({ jsonrpc: '2.0', method: 'ready', params: { pid: fixture.pid } });

    fixture.child.kill('SIGTERM');
    fixture.child.stdin.end();
    await stderrSays(fixture, 'ignoring SIGTERM');
    await stderrSays(fixture, 'stdin closed, staying up until SIGKILL');
    expect(isAlive(fixture.pid)).toBe(true);

    fixture.child.kill('SIGKILL');
    expect(await exitWithin(fixture, 5000)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await waitUntilGone([fixture.pid], GONE_TIMEOUT)).toEqual([]);
  });

  it('still ends by itself (exit 124) when its lifetime runs out', async () => {
    const fixture = spawnFixture('ignore-sigterm.js', [], { env: { FIXTURE_LIFETIME_MS: '400' } });
    expect(await exitWithin(fixture, 5000)).toEqual({ code: 124, signal: null });
    expect(fixture.stderr()).toContain('lifetime of 400 ms expired');
  });
});

describe('grandchildren.js', () => {
  it('reports live grandchildren in its own process group; a group SIGTERM ends them', async () => {
    const fixture = spawnFixture('grandchildren.js', ['3', '--ignore-eof']);
    const { pids, wrappers } = await reportedPids(fixture);

    expect(pids).toHaveLength(3);
    expect(wrappers).toEqual([]);
    expect(pids.every(isAlive)).toBe(true);
    for (const pid of pids) expect(processInfo(pid)).toMatchObject({ ppid: fixture.pid, pgid: fixture.pid });
    expect(descendantsOf(fixture.pid).sort()).toEqual([...pids].sort());
    expect(processGroupMembers(fixture.pid).sort()).toEqual([fixture.pid, ...pids].sort());

    process.kill(-fixture.pid, 'SIGTERM');
    expect(await waitUntilGone([fixture.pid, ...pids], GONE_TIMEOUT)).toEqual([]);
  });

  it('--wrapper --ignore-sigterm: sleepers under sh -c outlive a group SIGTERM, not SIGKILL', async () => {
    // --hold-stdio: the sleepers log on our stderr pipe that they got (and ignored) the SIGTERM.
    const fixture = spawnFixture('grandchildren.js', [
      '2',
      '--wrapper',
      '--ignore-sigterm',
      '--ignore-eof',
      '--hold-stdio',
    ]);
    const { pids, wrappers } = await reportedPids(fixture);

    expect(wrappers).toHaveLength(2);
    for (const wrapper of wrappers) expect(processInfo(wrapper)).toMatchObject({ ppid: fixture.pid });
    expect(pids.map((pid) => processInfo(pid)?.ppid).sort()).toEqual([...wrappers].sort());
    expect(descendantsOf(fixture.pid).sort()).toEqual([...pids, ...wrappers].sort());
    expect(processGroupMembers(fixture.pid).sort()).toEqual([fixture.pid, ...pids, ...wrappers].sort());

    process.kill(-fixture.pid, 'SIGTERM');
    expect(await waitUntilGone([fixture.pid], GONE_TIMEOUT)).toEqual([]);
    for (const pid of pids) await stderrSays(fixture, `sleeper: ignoring SIGTERM (pid ${pid})`);
    expect(pids.filter(isAlive)).toEqual(pids);

    process.kill(-fixture.pid, 'SIGKILL');
    expect(await waitUntilGone([...pids, ...wrappers], GONE_TIMEOUT)).toEqual([]);
  });

  it('exits 0 on EOF by default, leaving its grandchildren alive in the group', async () => {
    const fixture = spawnFixture('grandchildren.js', ['2']);
    const { pids } = await reportedPids(fixture);
    fixture.child.stdin.end();

    expect(await exitWithin(fixture, 5000)).toEqual({ code: 0, signal: null });
    // The exit is the event: the kernel orphaned (reparented) the sleepers before it reported it.
    expect(await waitUntilGone([fixture.pid], GONE_TIMEOUT)).toEqual([]);
    expect(pids.map((pid) => processInfo(pid)?.ppid).filter((ppid) => ppid === fixture.pid)).toEqual([]);
    expect(pids.filter(isAlive)).toEqual(pids);
    expect(processGroupMembers(fixture.pid).sort()).toEqual([...pids].sort());

    expect(killGroupIfAlive(fixture.pid)).toBe(true);
    expect(await waitUntilGone(pids, GONE_TIMEOUT)).toEqual([]);
  });

  it('--hold-stdio: its stdout stays open after it exits, until the grandchildren are gone', async () => {
    // The sleeper ignores SIGTERM and says so on the stdout it holds: a line written after the
    // fixture's exit that reaches us proves the pipe was still open then.
    const fixture = spawnFixture('grandchildren.js', ['1', '--hold-stdio', '--ignore-sigterm'], {
      env: { FIXTURE_REPORT_SIGNALS: '1' },
    });
    const { pids } = await reportedPids(fixture);
    fixture.child.stdin.end();
    expect(await exitWithin(fixture, 5000)).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone([fixture.pid], GONE_TIMEOUT)).toEqual([]);
    process.kill(pids[0], 'SIGTERM');
    expect(await fixture.waitForFrame((f) => f.method === 'ignored', 5000)).toEqual({
      jsonrpc: '2.0',
      method: 'ignored',
      params: { signal: 'SIGTERM', pid: pids[0] },
    });
    expect(fixture.lines.notifications.some((n) => n.kind !== 'N')).toBe(false);

    expect(killGroupIfAlive(fixture.pid)).toBe(true);
    expect(await fixture.lines.end(GONE_TIMEOUT)).toEqual({ kind: 'C' });
    expect(await waitUntilGone(pids, GONE_TIMEOUT)).toEqual([]);
  });

  it('grandchildren end by themselves when their lifetime runs out', async () => {
    const fixture = spawnFixture('grandchildren.js', ['2', '--ignore-sigterm'], {
      // Long enough to report its pids on a loaded machine before the lifetime runs out.
      env: { FIXTURE_LIFETIME_MS: '5000' },
    });
    const { pids } = await reportedPids(fixture);
    expect(pids.filter(isAlive)).toEqual(pids);
    expect(await waitUntilGone([fixture.pid, ...pids], 30_000)).toEqual([]);
  });
});

describe('daemon.js', () => {
  it('starts a grandchild in another session and group, out of reach of the group kill', async () => {
    const fixture = spawnFixture('daemon.js', ['--ignore-eof']);
    const { pids } = await reportedPids(fixture);
    expect(pids).toHaveLength(1);
    const [daemon] = pids;

    expect(processInfo(daemon)).toMatchObject({ ppid: fixture.pid, pgid: daemon, sid: daemon });
    expect(processInfo(fixture.pid)?.pgid).toBe(fixture.pid);
    expect(processGroupMembers(fixture.pid)).toEqual([fixture.pid]);

    process.kill(-fixture.pid, 'SIGKILL');
    expect(await waitUntilGone([fixture.pid], GONE_TIMEOUT)).toEqual([]);
    // Its group is gone and nothing else signals it: alive now means out of the group kill's reach.
    expect(isAlive(daemon)).toBe(true);

    expect(killIfAlive([daemon])).toEqual([daemon]);
    expect(await waitUntilGone([daemon], GONE_TIMEOUT)).toEqual([]);
  });
});

describe('crash.js', () => {
  const STDERR_TAIL = ['crash: Error: boom', 'crash:     at crash.js (simulated stack frame)', 'fatal: boom'];
  const stderrLines = (fixture: FixtureProcess): string[] => fixture.stderr().trimEnd().split('\n');

  it('crashes at start with code 3 and explains itself on stderr', async () => {
    const fixture = spawnFixture('crash.js');
    expect(await exitWithin(fixture, 5000)).toEqual({ code: 3, signal: null });
    await fixture.lines.end();
    expect(stderrLines(fixture)).toEqual([`crash: starting (pid ${fixture.pid})`, ...STDERR_TAIL]);
    expect(fixture.stdout().length).toBe(0);
  });

  it('--at first-request: waits for the first request, answers nothing, exits with the code', async () => {
    const fixture = spawnFixture('crash.js', ['5', '--at', 'first-request']);
    await stderrSays(fixture, 'crash: waiting for the first request');
    expect(isAlive(fixture.pid)).toBe(true);
    fixture.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });

    expect(await exitWithin(fixture, 5000)).toEqual({ code: 5, signal: null });
    await fixture.lines.end();
    expect(fixture.stdout().length).toBe(0);
    expect(stderrLines(fixture).slice(-1)).toEqual(['fatal: boom']);
  });

  it('--at after-initialize: the initialize answer is delivered, then it crashes', async () => {
    const fixture = spawnFixture('crash.js', ['--at', 'after-initialize']);
    fixture.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18' } });

    expect(await exitWithin(fixture, 5000)).toEqual({ code: 3, signal: null });
    expect(await framesOf(fixture)).toEqual([
      {
        jsonrpc: '2.0',
        id: 0,
        result: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          serverInfo: { name: 'crash', version: '1.0.0' },
        },
      },
    ]);
    expect(stderrLines(fixture).slice(-1)).toEqual(['fatal: boom']);
  });

  it('--signal SIGSEGV: dies of that signal after writing its stderr', async () => {
    const fixture = spawnFixture('crash.js', ['--signal', 'SIGSEGV']);
    expect(await exitWithin(fixture, 5000)).toEqual({ code: null, signal: 'SIGSEGV' });
    await fixture.lines.end();
    expect(stderrLines(fixture).slice(-3)).toEqual(STDERR_TAIL);
    expect(await waitUntilGone([fixture.pid], GONE_TIMEOUT)).toEqual([]);
  });
});

describe('bad-frames.js', () => {
  async function list(args: string[]): Promise<{ maxLength: number; entries: BadFramesEntry[] }> {
    const lister = spawnFixture('bad-frames.js', [...args, '--list']);
    expect(await exitWithin(lister, 5000)).toEqual({ code: 0, signal: null });
    await lister.lines.end();
    return JSON.parse(lister.stdout().toString('utf8')) as { maxLength: number; entries: BadFramesEntry[] };
  }

  it.each([[[]], [['300']], [['300', '--chunk', '7']]])(
    'writes exactly the sequence that --list describes (args %j)',
    async (args: string[]) => {
      const { maxLength, entries } = await list(
        args.filter((a, i) => a !== '--chunk' && args[i - 1] !== '--chunk'),
      );
      expect(maxLength).toBe(args[0] === undefined ? 1024 : Number(args[0]));

      const fixture = spawnFixture('bad-frames.js', args);
      expect(await exitWithin(fixture, 5000)).toEqual({ code: 0, signal: null });
      await fixture.lines.end();
      const expected = Buffer.concat(entries.map((e) => Buffer.from(e.base64, 'base64')));
      expect(fixture.stdout().equals(expected)).toBe(true);

      // The description is consistent with the bytes and with itself.
      expect(entries.map((e) => e.index)).toEqual(entries.map((_, i) => i));
      for (const e of entries) {
        const bytes = Buffer.from(e.base64, 'base64');
        expect(bytes.length - (e.terminator === '' ? 0 : 1)).toBe(e.length);
        expect(bytes.toString('latin1').endsWith(e.terminator)).toBe(true);
      }
      const byName = (name: string) => entries.filter((e) => e.name === name);
      expect(byName('at-limit')[0].length).toBe(maxLength);
      expect(byName('too-long')[0].length).toBe(maxLength + 1);
      expect(byName('good').map((e) => e.frame)).toEqual(
        byName('good').map((_, i) => ({ jsonrpc: '2.0', method: 'good', params: { n: i + 1 } })),
      );
      expect(entries[entries.length - 1]).toMatchObject({ name: 'good', terminator: '' });
      expect(entries.filter((e) => !e.validUtf8).map((e) => e.name)).toEqual(['invalid-utf8']);
      expect(byName('invalid-utf8')[0]).toMatchObject({
        expect: 'malformed',
        frameIfReplaced: { params: { s: '\uFFFD(\uFFFD\uFFFD' } },
        frameIfIgnored: { params: { s: '(' } },
      });
      expect(byName('separators')[0].frame).toMatchObject({ params: { s: 'a\u2028b\u2029c' } });
      expect(new Set(entries.map((e) => e.name))).toEqual(
        new Set([
          'banner',
          'good',
          'blank',
          'crlf',
          'invalid-utf8',
          'at-limit',
          'too-long',
          'json-array',
          'json-scalar',
          'bom',
          'nul-byte',
          'partial-json',
          'separators',
        ]),
      );
    },
  );

  it('--list expectations agree with a reference strict decoder', async () => {
    const { maxLength, entries } = await list([]);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const e of entries) {
      const line = Buffer.from(e.base64, 'base64').subarray(0, e.length);
      let verdict: string;
      let frame: unknown;
      if (line.length > maxLength) verdict = 'malformed';
      else {
        try {
          const text = decoder
            .decode(line)
            .replace(/\r$/, '')
            .replace(/^\uFEFF/, '');
          if (text === '') verdict = 'skipped';
          else {
            frame = JSON.parse(text);
            verdict =
              typeof frame === 'object' && frame !== null && !Array.isArray(frame) ? 'frame' : 'malformed';
          }
        } catch {
          verdict = 'malformed';
        }
      }
      expect({ name: e.name, verdict }).toEqual({ name: e.name, verdict: e.expect });
      if (verdict === 'frame') expect(e.frame).toEqual(frame);
    }
  });
});

describe('no-newline.js', () => {
  it('writes one frame without a newline and exits 0', async () => {
    const fixture = spawnFixture('no-newline.js');
    expect(await exitWithin(fixture, 5000)).toEqual({ code: 0, signal: null });
    await fixture.lines.end();
    expect(fixture.stdout().toString('utf8')).toBe('{"jsonrpc":"2.0","method":"last","params":{"n":1}}');
  });
});

describe('epipe.js', () => {
  it('exits with its code at the first byte; later writes get EPIPE', async () => {
    const fixture = spawnFixture('epipe.js', ['4']);
    const failed = new Promise<NodeJS.ErrnoException>((resolve) => {
      fixture.child.stdin.once('error', resolve);
    });
    fixture.child.stdin.write('{');
    // Block the event loop until the fixture is dead with all its threads (its pipe closed; Node
    // has not reaped it yet), so the next write meets the closed pipe before Node's exit
    // handling destroys stdin.
    const deadline = Date.now() + 3000;
    while (isAlive(fixture.pid) && Date.now() < deadline) {
      // busy wait
    }
    expect(isAlive(fixture.pid)).toBe(false);
    fixture.child.stdin.write('"jsonrpc":"2.0"}\n');

    expect((await failed).code).toBe('EPIPE');
    expect(await exitWithin(fixture, 5000)).toEqual({ code: 4, signal: null });
  });
});

describe('close-stdout.js', () => {
  it('closes stdout but keeps running until stdin EOF', async () => {
    const fixture = spawnFixture('close-stdout.js');
    expect(await fixture.lines.end(3000)).toEqual({ kind: 'C' });
    await stderrSays(fixture, 'stdout closed, reading stdin until EOF');
    expect(isAlive(fixture.pid)).toBe(true);

    fixture.child.stdin.end();
    expect(await exitWithin(fixture, 5000)).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone([fixture.pid], GONE_TIMEOUT)).toEqual([]);
  });
});

describe('no-read.js', () => {
  it('never reads stdin, so writes back up; SIGTERM ends it', async () => {
    const fixture = spawnFixture('no-read.js');
    await stderrSays(fixture, 'no-read: up, never reading stdin');
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let writes = 0;
    while (fixture.child.stdin.write(chunk)) {
      writes += 1;
      if (writes > 1000) break; // 64 MB accepted: it is reading after all
    }
    expect(writes).toBeLessThan(1000);
    let drained = false;
    fixture.child.stdin.once('drain', () => (drained = true));
    expect(isAlive(fixture.pid)).toBe(true);

    fixture.child.kill('SIGTERM');
    expect(await exitWithin(fixture, 5000)).toEqual({ code: null, signal: 'SIGTERM' });
    // Over its whole life, from before our first write to its death, it never took a byte.
    expect(drained).toBe(false);
    expect(await waitUntilGone([fixture.pid], GONE_TIMEOUT)).toEqual([]);
  });
});

describe('flood-stdout.js', () => {
  it('writes every frame in order and exits 0, even with a slow reader', async () => {
    const count = 20000;
    const fixture = spawnFixture('flood-stdout.js', [String(count), '20']);
    fixture.child.stdout.pause();
    await stderrSays(fixture, 'flood-stdout: stdout full at frame');
    expect(isAlive(fixture.pid)).toBe(true);
    fixture.child.stdout.resume();

    expect(await exitWithin(fixture, 5000)).toEqual({ code: 0, signal: null });
    await fixture.lines.end();
    const frames = fixture.lines.values.map((line) => parseFrame(line));
    expect(frames).toHaveLength(count);
    expect(frames.every((f, i) => f !== undefined && (f.params as { n: number }).n === i + 1)).toBe(true);
    expect(frames[0]).toEqual({ jsonrpc: '2.0', method: 'flood', params: { n: 1, pad: 'x'.repeat(20) } });
  });
});

describe('flood-stderr.js', () => {
  it('answers only once its whole stderr flood was read, and writes the announced amount', async () => {
    const fixture = spawnFixture('flood-stderr.js', ['1'], { env: { FIXTURE_REPORT_HELD: '1' } });
    fixture.child.stderr.pause();
    fixture.send({ jsonrpc: '2.0', id: 1, method: 'echo', params: 'hi' });
    // It says (on stdout, ahead of any answer) that it read the request and holds it.
    await fixture.waitForFrame((f) => f.method === 'held', 5000);
    expect(fixture.lines.values.map((line) => parseFrame(line))).toEqual([
      { jsonrpc: '2.0', method: 'held', params: { id: 1 } },
    ]);

    fixture.child.stderr.resume();
    expect(await fixture.waitForFrame((f) => f.id === 1, 5000)).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: 'hi',
    });
    fixture.child.stdin.end();
    expect(await exitWithin(fixture, 5000)).toEqual({ code: 0, signal: null });

    await fixture.lines.end();
    const lines = fixture.stderr().split('\n');
    const lineCount = 1048576 / 128;
    expect(lines.slice(-2)).toEqual([`flood-stderr: done, ${lineCount} lines of 128 bytes`, '']);
    const flood = lines.slice(0, -2);
    expect(flood).toHaveLength(lineCount);
    expect(
      flood.every(
        (line, i) =>
          line.length === 127 && line.startsWith(`flood-stderr line ${String(i + 1).padStart(8, '0')} `),
      ),
    ).toBe(true);
  });
});

describe('exit-in-flight.js', () => {
  it('answers nothing and exits once it got the given number of requests', async () => {
    const fixture = spawnFixture('exit-in-flight.js', ['2']);
    fixture.send({ jsonrpc: '2.0', id: 1, method: 'a' });
    fixture.send({ jsonrpc: '2.0', method: 'notifications/progress', params: {} });
    await stderrSays(fixture, 'read a (1 of 2 requests)');
    await stderrSays(fixture, 'read notifications/progress (1 of 2 requests)');
    expect(isAlive(fixture.pid)).toBe(true);
    fixture.send({ jsonrpc: '2.0', id: 2, method: 'b' });

    expect(await exitWithin(fixture, 5000)).toEqual({ code: 0, signal: null });
    await fixture.lines.end();
    expect(fixture.stdout().length).toBe(0);
  });
});

describe('spec/support', () => {
  it('collect gathers values and the terminal notification, and times out with a report', async () => {
    expect(await collect(of(1, 2))).toEqual([
      { kind: 'N', value: 1 },
      { kind: 'N', value: 2 },
      { kind: 'C' },
    ]);
    const failed = await collect(throwError(() => new Error('nope')));
    expect(terminalOf(failed)).toEqual({ kind: 'E', error: new Error('nope') });
    expect(valuesOf(failed)).toEqual([]);

    let unsubscribed = false;
    const hanging = new Observable<number>((subscriber) => {
      subscriber.next(42);
      return () => (unsubscribed = true);
    });
    await expect(collect(hanging, 50)).rejects.toThrow(/no complete or error within 50 ms; got 1 value/);
    expect(unsubscribed).toBe(true);
  });

  it('record waits for values already seen or still to come, and for the end', async () => {
    const recording = record(of('a', 'b'));
    expect(await recording.waitFor((v) => v === 'a')).toBe('a');
    expect(await recording.end()).toEqual({ kind: 'C' });
    await expect(recording.waitFor((v) => v === 'z')).rejects.toThrow(
      /ended \(complete\) before a matching value/,
    );
    await expect(record(NEVER).end(30)).rejects.toThrow(/did not happen within 30 ms/);
  });

  it('process helpers see this process, its children, and the dead as dead', async () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(fixturePath('echo.js')).toMatch(/spec[/\\]fixtures[/\\]echo\.js$/);
    const fds = openFdCount();
    expect(fds).toBeGreaterThan(2);

    const child = spawn(process.execPath, [fixturePath('no-read.js')], { stdio: 'ignore' });
    const pid = child.pid ?? -1;
    expect(descendantsOf(process.pid)).toContain(pid);
    expect(processInfo(pid)?.ppid).toBe(process.pid);
    expect(() => killGroupIfAlive(processInfo(process.pid)?.pgid ?? -1)).toThrow(/own process group/);
    expect(killIfAlive([pid])).toEqual([pid]);
    expect(await waitUntilGone([pid], GONE_TIMEOUT)).toEqual([]);
    expect(isAlive(pid)).toBe(false);
    expect(killIfAlive([pid])).toEqual([]);
  });
});
