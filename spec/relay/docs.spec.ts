/**
 * docs/relay.md's example, run as a user would (tsx, the package by name through its exports map
 * and dist/), against the real everything server: it prints the socket URL, a page from the
 * allowed dev-server origin gets a session through it while another origin is refused, and
 * Ctrl-C ends the server's tree and the process (exit 0), proved by pid.
 */
import path from 'node:path';
import { killIfAlive, waitUntilGone } from '../support/processes.js';
import { runTsx } from '../support/runTsx.js';
import { closed, openSocket, roundTrip } from './relayHelpers.js';
import type { McpRelay } from '../../lib/relay/index.js';

const seen = new Set<number>();
afterEach(() => {
  killIfAlive([...seen]);
});

const PRINTED = /^page socket: (ws:\/\/127\.0\.0\.1:(\d+)\/mcp\/everything\?token=([A-Za-z0-9_-]{43}))$/m;

describe('docs/relay.md', () => {
  it('the setup example: a page of the allowed origin gets a session, another origin is refused, Ctrl-C ends all', async () => {
    let pid = -1;
    let printed: ((relay: McpRelay) => void) | undefined;
    const started = new Promise<McpRelay>((resolve) => (printed = resolve));
    const run = runTsx([path.join('spec', 'readme', 'relay.example.mts')], {
      timeoutMs: 90_000,
      seen,
      onOutput: (stdout, childPid) => {
        pid = childPid;
        const match = PRINTED.exec(stdout);
        if (match === null) return;
        const url = match[1];
        printed?.({ port: Number(match[2]), token: match[3], socketUrl: () => url } as unknown as McpRelay);
      },
    });
    const relay = await started;
    expect(await openSocket(relay, 'everything', { Origin: 'http://localhost:4201' })).toEqual({
      status: 403,
    });
    const outcome = await openSocket(relay, 'everything', { Origin: 'http://localhost:4200' });
    if (!('open' in outcome)) throw new Error(`refused with ${outcome.status}`);
    const result = (await roundTrip(outcome.open, 1, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'docs', version: '0' },
    })) as { serverInfo: { name: string } };
    expect(result.serverInfo.name).toBe('mcp-servers/everything');
    const socketClosed = closed(outcome.open);
    process.kill(pid, 'SIGINT');
    const ended = await run;
    expect(ended.code).toBe(0);
    expect((await socketClosed).code).toBe(1001);
    expect(ended.stdout.trim().split('\n')).toEqual([expect.stringMatching(PRINTED)]);
    // Its log went to stderr (with the server's own, inherited): the refusal, the spawn and the exit.
    const log = ended.stderr.split('\n').filter((line) => /^(refused|connection \d+):/.test(line));
    expect(log).toEqual([
      'refused: 403 Origin not allowed',
      expect.stringMatching(/^connection 1: server pid \d+$/),
      expect.stringMatching(/^connection 1: server pid \d+ exited \(/),
    ]);
    expect(ended.descendants.length).toBeGreaterThan(0);
    expect(await waitUntilGone(ended.descendants, 5_000)).toEqual([]);
  }, 120_000);
});
