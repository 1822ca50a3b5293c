/**
 * ProcessTree's choices of how to signal, written from the mutants the real-process spec cannot
 * reach: the Windows branches, a machine without `ps`, a leader that already exited, and a group
 * signal that was sent (no `ps` walk after it). Nothing here signals a real process: `tree-kill`,
 * `spawnSync` and `process.kill` are recording fakes, the platform is switched per test, and the
 * child is a `ChildProcess` object that was never spawned (only its pid and exit state are set).
 */
import { ChildProcess, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { NEVER, Subject } from 'rxjs';
import { newTestScheduler } from '../../support/marbles.js';
import treeKill from 'tree-kill';

jest.mock('tree-kill', () => jest.fn());
jest.mock('node:child_process', () => ({
  ...jest.requireActual<typeof import('node:child_process')>('node:child_process'),
  spawnSync: jest.fn(),
}));

type ProcessTreeModule = typeof import('../../../lib/transport/process/processTree.js');

const PID = 424_242;
const realPlatform = process.platform;
const realPath = process.env.PATH;
const treeKillMock = treeKill as unknown as jest.Mock;
const spawnSyncMock = spawnSync as unknown as jest.Mock;

/** A fresh copy of the module: `hasPs()` remembers its answer for the module's life. */
function loadModule(): ProcessTreeModule {
  let loaded: ProcessTreeModule | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<ProcessTreeModule>('../../../lib/transport/process/processTree.js');
  });
  if (loaded === undefined) throw new Error('processTree did not load');
  return loaded;
}

/** A never-spawned ChildProcess with a pid, its exit state as given, and `kill` recorded. */
function childProcess(exit: { exitCode?: number | null; signalCode?: NodeJS.Signals | null } = {}) {
  const child = new ChildProcess();
  Object.defineProperty(child, 'pid', { value: PID });
  Object.assign(child, { exitCode: exit.exitCode ?? null, signalCode: exit.signalCode ?? null });
  const kill = jest.spyOn(child, 'kill').mockReturnValue(true);
  return { child, kill };
}

function setPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
}

let processKill: jest.SpyInstance;

beforeEach(() => {
  treeKillMock.mockReset();
  spawnSyncMock.mockReset();
  processKill = jest.spyOn(process, 'kill').mockImplementation(() => true);
});

afterEach(() => {
  processKill.mockRestore();
  setPlatform(realPlatform);
  process.env.PATH = realPath;
});

describe('on Windows', () => {
  beforeEach(() => setPlatform('win32'));

  it('signal() hands the tree to tree-kill (taskkill /T), never to a group signal', () => {
    const { ProcessTree } = loadModule();
    const { child, kill } = childProcess();
    new ProcessTree(child, true, NEVER).signal('SIGTERM');
    expect(treeKillMock).toHaveBeenCalledTimes(1);
    expect(treeKillMock.mock.calls[0]?.slice(0, 2)).toEqual([PID, 'SIGTERM']);
    expect(processKill).not.toHaveBeenCalled();
    expect(kill).not.toHaveBeenCalled();
  });

  it('killNow() runs taskkill on the tree, synchronously and hidden', () => {
    const { ProcessTree } = loadModule();
    const { child, kill } = childProcess();
    new ProcessTree(child, true, NEVER).killNow();
    expect(spawnSyncMock).toHaveBeenCalledWith('taskkill', ['/pid', String(PID), '/T', '/F'], {
      stdio: 'ignore',
      windowsHide: true,
    });
    expect(processKill).not.toHaveBeenCalled();
    expect(kill).not.toHaveBeenCalled();
  });

  it('processGroupAlive() is false without asking anything', () => {
    expect(loadModule().processGroupAlive(PID)).toBe(false);
    expect(processKill).not.toHaveBeenCalled();
  });
});

/** A process that is not a Node `ChildProcess`: ProcessTree signals it with `kill()`, recorded. */
function recordingProcess() {
  const signals: unknown[] = [];
  const fake = {
    pid: PID,
    stdin: null,
    stdout: null,
    stderr: null,
    on: () => fake,
    kill: (signal?: unknown) => signals.push(signal) > 0,
  };
  return { fake, signals };
}

describe('terminate()', () => {
  it('sends SIGKILL after the grace only to a tree still alive: a leader gone on SIGTERM gets none', () => {
    const { ProcessTree } = loadModule();
    const scheduler = newTestScheduler();
    const exited = new Subject<void>();
    const { fake, signals } = recordingProcess();
    let done = false;
    new ProcessTree(fake, true, exited)
      .terminate(1000, scheduler)
      .subscribe({ complete: () => (done = true) });
    expect(signals).toEqual(['SIGTERM']);
    exited.next();
    scheduler.flush();
    expect(done).toBe(true);
    expect(signals).toEqual(['SIGTERM']);
  });

  it('sends SIGKILL once the grace has passed with the leader still there', () => {
    const { ProcessTree } = loadModule();
    const scheduler = newTestScheduler();
    const { fake, signals } = recordingProcess();
    new ProcessTree(fake, true, NEVER).terminate(500, scheduler).subscribe();
    scheduler.flush();
    expect(signals).toEqual(['SIGTERM', 'SIGKILL']);
  });
});

describe('on POSIX', () => {
  beforeEach(() => setPlatform('linux'));

  it('a group leader gets one group signal and no ps walk when the signal was sent', () => {
    const { ProcessTree } = loadModule();
    const { child, kill } = childProcess();
    new ProcessTree(child, true, NEVER).signal('SIGKILL');
    expect(processKill.mock.calls).toEqual([[-PID, 'SIGKILL']]);
    expect(treeKillMock).not.toHaveBeenCalled();
    expect(kill).not.toHaveBeenCalled();
  });

  it('a group the signal may not reach (EPERM) falls back to the ps walk of a live leader', () => {
    processKill.mockImplementation(() => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    });
    const { ProcessTree } = loadModule();
    const { child } = childProcess();
    new ProcessTree(child, true, NEVER).signal('SIGTERM');
    expect(treeKillMock).toHaveBeenCalledTimes(1);
    expect(treeKillMock.mock.calls[0]?.slice(0, 2)).toEqual([PID, 'SIGTERM']);
  });

  it('a live leader that is not a group leader gets the ps walk where ps exists', () => {
    const { ProcessTree } = loadModule();
    const { child, kill } = childProcess();
    new ProcessTree(child, false, NEVER).signal('SIGTERM');
    expect(processKill).not.toHaveBeenCalled();
    expect(treeKillMock).toHaveBeenCalledTimes(1);
    expect(kill).not.toHaveBeenCalled();
  });

  it('without ps on the PATH, a live leader gets kill(signal) instead of a walk that would crash', () => {
    process.env.PATH = '';
    const { ProcessTree } = loadModule();
    const { child, kill } = childProcess();
    new ProcessTree(child, false, NEVER).signal('SIGTERM');
    expect(treeKillMock).not.toHaveBeenCalled();
    expect(kill).toHaveBeenCalledWith('SIGTERM');
  });

  it.each([
    ['already exited with a code', { exitCode: 0 }],
    ['was already ended by a signal', { signalCode: 'SIGTERM' as const }],
    ['has both an exit code and a signal', { exitCode: 1, signalCode: 'SIGKILL' as const }],
  ])('a leader that %s is neither walked nor killed (its pid may be reused)', (_, exit) => {
    const { ProcessTree } = loadModule();
    const { child, kill } = childProcess(exit);
    new ProcessTree(child, false, NEVER).signal('SIGTERM');
    expect(treeKillMock).not.toHaveBeenCalled();
    expect(kill).not.toHaveBeenCalled();
  });

  it('killNow() of a group leader is one synchronous group SIGKILL', () => {
    const { ProcessTree } = loadModule();
    const { child, kill } = childProcess();
    new ProcessTree(child, true, NEVER).killNow();
    expect(processKill.mock.calls).toEqual([[-PID, 'SIGKILL']]);
    expect(spawnSyncMock).not.toHaveBeenCalled();
    expect(kill).not.toHaveBeenCalled();
  });

  it('killNow() of a leader without its own group kills the leader only', () => {
    const { ProcessTree } = loadModule();
    const { child, kill } = childProcess();
    new ProcessTree(child, false, NEVER).killNow();
    expect(kill).toHaveBeenCalledWith('SIGKILL');
    expect(processKill).not.toHaveBeenCalled();
  });

  it('processGroupAlive() on Linux asks /proc after the probe: no live member there means gone', () => {
    // The probe (a fake kill that succeeds) says the group exists, as it does while only zombies
    // are left; /proc lists no process of that group (the pid is not a real one), so it is gone.
    expect(loadModule().processGroupAlive(PID)).toBe(false);
    expect(processKill).toHaveBeenCalledWith(-PID, 0);
    // This process's own group has a live member: this process.
    processKill.mockRestore();
    const stat = readFileSync(`/proc/${process.pid}/stat`, 'latin1');
    const ownGroup = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    expect(loadModule().processGroupAlive(ownGroup)).toBe(true);
  });

  it('processGroupAlive() off Linux trusts the probe: alive unless the group is gone', () => {
    setPlatform('darwin');
    const { processGroupAlive } = loadModule();
    expect(processGroupAlive(PID)).toBe(true);
    expect(processKill).toHaveBeenLastCalledWith(-PID, 0);
    processKill.mockImplementation(() => {
      throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    });
    expect(processGroupAlive(PID)).toBe(false);
    processKill.mockImplementation(() => {
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM' });
    });
    expect(processGroupAlive(PID)).toBe(true);
  });
});
