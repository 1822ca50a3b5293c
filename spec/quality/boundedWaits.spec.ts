// Every wait in lib whose length comes from a server or a caller goes through boundedTimer (or
// scheduleAfter), which chains waits past what a host timer takes (2^31 - 1 ms): RxJS's timer(),
// interval(), timeout(), delay() and a scheduler's schedule() hand their delay to setInterval as
// it is, and a longer one fires after 1 ms. This reads lib for any other wait; the few left take
// a constant (or no) delay, each named here with why it may stay.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const lib = path.join(__dirname, '..', '..', 'lib');
const WAIT =
  /\b(timer|interval|timeout|delay|debounceTime|throttleTime|auditTime|sampleTime|bufferTime|delayWhen|setTimeout|setInterval)\(|\.schedule\(/;

/** The waits allowed outside boundedTimer: file, the code, and why. */
const ALLOWED: [file: string, code: string, why: string][] = [
  ['transport/timing/boundedTimer.ts', 'pending = scheduler.schedule(', 'the chain itself'],
  ['transport/process/processTree.ts', 'timer(POLL_INTERVAL, POLL_INTERVAL, scheduler)', 'a constant'],
  ['session/tasks/taskList.ts', 'debounceTime(0, scheduler)', 'no delay'],
  ['transport/connection/StdinWriter.ts', 'this.turn.schedule(this.onTurnEnd)', 'no delay'],
  ['sdk/SdkTransportBridge.ts', 'timer(0, this.scheduler)', 'no delay'],
  ['relay/RelayConnection.ts', 'timer(CLOSE_HANDSHAKE_TIMEOUT_MS)', 'a constant'],
  ['relay/RelayConnection.ts', 'timer(SERVER_EXIT_WAIT_MS)', 'a constant'],
  ['relay/loopbackServer.ts', 'setTimeout(() => socket.destroy(), REFUSAL_LINGER_MS)', 'a constant'],
];

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return sources(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

describe('waits in lib', () => {
  it('take a server- or caller-given length only through boundedTimer', () => {
    const found: string[] = [];
    for (const file of sources(lib)) {
      const relative = path.relative(lib, file).split(path.sep).join('/');
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const code = line.trim();
          if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*') || !WAIT.test(code))
            return;
          const allowed = ALLOWED.some(([where, what]) => where === relative && code.includes(what));
          if (!allowed) found.push(`${relative}:${index + 1}: ${code}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('lists no allowance that no longer matches anything (the list stays true)', () => {
    for (const [where, what] of ALLOWED) {
      expect({ where, found: readFileSync(path.join(lib, where), 'utf8').includes(what) }).toEqual({
        where,
        found: true,
      });
    }
  });
});
