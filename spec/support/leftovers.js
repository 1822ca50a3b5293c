'use strict';
/**
 * Finds the processes a test left running, wherever they ended up, from /proc (Linux):
 * - by tag: its environment carries the test's tag (spawnTags.js), inherited by every
 *   descendant, orphaned or not, in the group or out of it;
 * - by pid: a process the test spawned (same pid and start time, so a reused pid is not taken);
 * - by group: a member of the process group led by a process the test spawned `detached` (what
 *   the library does on POSIX), which finds a descendant started with a scrubbed environment.
 * A zombie counts as gone (where PID 1 does not reap orphans, the dead stay in the table), unless
 * its other threads are still exiting. Only this scan decides what is ours: anything it reports
 * may be killed by pid.
 */
const { readdirSync, readFileSync } = require('node:fs');
const { TAG_VARIABLE } = require('./spawnTags.js');

/** How often a wait for leftovers to go looks again. */
const POLL_MS = 20;

/** `{ state, ppid, pgid, startTime }` of `pid`, or undefined when it is gone. */
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), startTime: fields[19] };
  } catch {
    return undefined;
  }
}

/** Whether a zombie leader still has live threads (a Node process that is still exiting). */
function hasLiveThreads(pid) {
  let tasks;
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return tasks.some((task) => {
    if (task === String(pid)) return false;
    try {
      const text = readFileSync(`/proc/${pid}/task/${task}/stat`, 'latin1');
      return !'ZX'.includes(text.charAt(text.lastIndexOf(')') + 2));
    } catch {
      return false;
    }
  });
}

/** The tags in the environment of `pid` (empty when it has none or cannot be read). */
function tagsOf(pid) {
  let environ;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return [];
  }
  const prefix = `${TAG_VARIABLE}=`;
  const entry = environ.split('\0').find((pair) => pair.startsWith(prefix));
  return entry === undefined ? [] : entry.slice(prefix.length).split(' ');
}

function commandOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim().slice(0, 120);
  } catch {
    return '?';
  }
}

/**
 * The live processes that belong to `tag` or to `spawns`, this process excluded.
 * @param {{ tag: string, spawns: readonly { pid: number, detached: boolean, startTime?: string }[] }} of
 * @returns {{ pid: number, by: string, command: string, state: string, pgid: number, ppid: number }[]}
 */
function findLeftovers({ tag, spawns }) {
  if (process.platform !== 'linux') return [];
  const spawned = new Map(spawns.map((s) => [s.pid, s]));
  // A group counts while its leader is gone or is still the process we started: a leader pid that
  // now names another process was freed, which the kernel does only once the group was empty.
  const groups = new Set();
  for (const s of spawns) {
    if (!s.detached) continue;
    const now = stat(s.pid);
    if (now === undefined || now.startTime === s.startTime) groups.add(s.pid);
  }
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const info = stat(pid);
    if (info === undefined) continue;
    if ((info.state === 'Z' || info.state === 'X') && !hasLiveThreads(pid)) continue;
    const by = [];
    if (tag !== undefined && tagsOf(pid).includes(tag)) by.push('tag');
    if (spawned.get(pid)?.startTime === info.startTime) by.push('pid');
    if (groups.has(info.pgid)) by.push(`group ${info.pgid}`);
    if (by.length === 0) continue;
    found.push({
      pid,
      by: by.join(', '),
      command: commandOf(pid),
      state: info.state,
      pgid: info.pgid,
      ppid: info.ppid,
    });
  }
  return found;
}

/** Waits up to `graceMs` for the leftovers to go; returns those still alive then. */
async function leftoversAfter(of, graceMs) {
  const deadline = Date.now() + graceMs;
  let left = findLeftovers(of);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    left = findLeftovers(of);
  }
  return left;
}

/** SIGKILLs each leftover by pid, then waits up to `timeoutMs` for them to be gone. */
async function killLeftovers(leftovers, of, timeoutMs) {
  for (const { pid } of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return leftoversAfter(of, timeoutMs);
}

/** One line per leftover, for a failure message. */
function describeLeftovers(leftovers) {
  return leftovers
    .map(
      (p) => `  ${p.pid} (${p.command}; state ${p.state}, pgid ${p.pgid}, ppid ${p.ppid}; found by ${p.by})`,
    )
    .join('\n');
}

module.exports = { describeLeftovers, findLeftovers, hasLiveThreads, killLeftovers, leftoversAfter };
