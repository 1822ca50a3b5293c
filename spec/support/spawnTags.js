'use strict';
/**
 * Tags every process the tests start, wherever it ends up: each spawn gets
 * `RXJS_MCP_TEST_TAG=<tags>` in its environment, and a Node child also loads this file (through
 * `NODE_OPTIONS=--require`), so the processes it starts are tagged in turn, even when they are
 * given a fresh environment (the library passes servers only a few variables). A process keeps
 * its environment when it is orphaned or leaves its process group, so the leak check
 * (leakCheckEnvironment.js) finds it by scanning /proc/<pid>/environ.
 *
 * `<tags>` is a space-separated list: those this process inherited, then the ones set by the test
 * environment (the test file's, and the running test's). The hook sits on
 * `ChildProcess.prototype.spawn`, which `spawn`, `exec`, `execFile` and `fork` all go through;
 * the synchronous variants inherit the tags from `process.env`, which the environment sets too.
 * Plain CommonJS without dependencies: it runs in every Node process of the tree.
 */
const childProcess = require('node:child_process');
const { readFileSync } = require('node:fs');
const path = require('node:path');

const TAG_VARIABLE = 'RXJS_MCP_TEST_TAG';
const REQUIRE_SELF = `--require ${JSON.stringify(path.join(__dirname, 'spawnTags.js'))}`;

/**
 * One state per process, however many times this file is loaded: the test environment loads it,
 * and so may a test file, in the file's own context. It lives on the prototype it patches, which
 * every context of the process shares; a context's global would be one per test file, and Jest
 * deletes what a test file left on its global (a patch still reading it warned at each spawn).
 */
const state = (childProcess.ChildProcess.prototype[Symbol.for('rxjs-mcp-stdio.spawnTags')] ??= {
  inherited: (process.env[TAG_VARIABLE] ?? '').split(' ').filter(Boolean),
  own: [],
  listeners: new Set(),
  installed: false,
  /** `process.env.NODE_OPTIONS` before the tags were first set here, to restore. */
  nodeOptions: undefined,
  tagging: false,
});

/** The tags a spawn made now carries. */
function currentTags() {
  return [...new Set([...state.inherited, ...state.own])];
}

/** `envPairs` (`NAME=value` strings) with the tags and this file in `NODE_OPTIONS`. */
function tagged(envPairs) {
  let nodeOptions = '';
  const pairs = [];
  for (const pair of envPairs) {
    if (pair.startsWith(`${TAG_VARIABLE}=`)) continue;
    if (pair.startsWith('NODE_OPTIONS=')) nodeOptions = pair.slice('NODE_OPTIONS='.length);
    else pairs.push(pair);
  }
  if (!nodeOptions.includes(REQUIRE_SELF)) nodeOptions = `${REQUIRE_SELF} ${nodeOptions}`.trim();
  pairs.push(`${TAG_VARIABLE}=${currentTags().join(' ')}`, `NODE_OPTIONS=${nodeOptions}`);
  return pairs;
}

/** The start time of `pid` in clock ticks since boot (field 22 of /proc/<pid>/stat), if readable. */
function startTime(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function install() {
  if (state.installed) return;
  state.installed = true;
  const prototype = childProcess.ChildProcess.prototype;
  const spawn = prototype.spawn;
  prototype.spawn = function spawnTagged(options) {
    const tags = currentTags();
    if (
      tags.length > 0 &&
      options !== null &&
      typeof options === 'object' &&
      Array.isArray(options.envPairs)
    ) {
      options.envPairs = tagged(options.envPairs);
    }
    const result = spawn.call(this, options);
    if (this.pid !== undefined && state.listeners.size > 0) {
      const record = {
        pid: this.pid,
        detached: options?.detached === true,
        startTime: startTime(this.pid),
        tags,
      };
      for (const listener of state.listeners) listener(record);
    }
    return result;
  };
}

/**
 * Sets the tags this process adds to its spawns (replacing the previous ones), and the same in
 * `process.env` for the synchronous spawns. Empty: only the inherited tags remain.
 */
function setOwnTags(tags) {
  state.own = [...tags];
  const all = currentTags();
  if (all.length > 0 && !state.tagging) {
    state.tagging = true;
    state.nodeOptions = process.env.NODE_OPTIONS;
    const nodeOptions = state.nodeOptions ?? '';
    if (!nodeOptions.includes(REQUIRE_SELF))
      process.env.NODE_OPTIONS = `${REQUIRE_SELF} ${nodeOptions}`.trim();
  }
  if (all.length > 0) {
    process.env[TAG_VARIABLE] = all.join(' ');
    return;
  }
  delete process.env[TAG_VARIABLE];
  if (state.tagging) {
    state.tagging = false;
    if (state.nodeOptions === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = state.nodeOptions;
  }
}

/** Calls `listener({ pid, detached, startTime, tags })` after each spawn; returns the removal. */
function onSpawn(listener) {
  state.listeners.add(listener);
  return () => state.listeners.delete(listener);
}

install();
// A child that inherited tags passes them on (NODE_OPTIONS brought it here): nothing else to do.

module.exports = { TAG_VARIABLE, currentTags, onSpawn, setOwnTags, startTime };
