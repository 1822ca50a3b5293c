/**
 * The process-tree primitives on their own: what a failed group signal proves (ESRCH: gone;
 * EPERM: nothing), and liveness of a real process group, proved by pid.
 */
import { spawn } from 'node:child_process';
import { processGroupAlive, signalGroup } from '../../../lib/transport/process/processTree.js';
import { fixturePath, killGroupIfAlive, waitUntilGone } from '../../support/processes.js';

const failWith = (code: string) => (): void => {
  throw Object.assign(new Error(code), { code });
};

describe('signalGroup', () => {
  it('ESRCH means the group is gone; EPERM means a member exists that we may not signal', () => {
    expect(signalGroup(4242, 0, failWith('ESRCH'))).toBe('no-such-group');
    expect(signalGroup(4242, 'SIGTERM', failWith('EPERM'))).toBe('not-permitted');
    const sent: [number, unknown][] = [];
    expect(signalGroup(4242, 'SIGKILL', (pid, signal) => sent.push([pid, signal]))).toBe('sent');
    expect(sent).toEqual([[-4242, 'SIGKILL']]);
  });
});

describe('processGroupAlive (real processes)', () => {
  it('is true while a group member lives and false once the group is gone', async () => {
    const leader = spawn(process.execPath, [fixturePath('ignore-eof.js')], { detached: true, stdio: 'pipe' });
    const pid = leader.pid as number;
    try {
      await new Promise((resolve) => leader.once('spawn', resolve));
      expect(processGroupAlive(pid)).toBe(true);
      const exited = new Promise((resolve) => leader.once('exit', resolve));
      process.kill(-pid, 'SIGKILL');
      await exited;
      expect(await waitUntilGone([pid], 10_000)).toEqual([]);
      expect(processGroupAlive(pid)).toBe(false);
    } finally {
      killGroupIfAlive(pid);
    }
  });
});
