'use strict';
/**
 * The Jest environment of every spec: Node's, plus the one shared leak check. Every process a
 * test file starts is tagged (spawnTags.js) and recorded; once the file's tests and hooks have all
 * run, whatever is still alive of them (leftovers.js: by tag, pid or process group, so an
 * orphaned grandchild too) gets a grace to go, then is reported, which fails the file, and killed
 * by pid. A spec where processes are the point calls `checkProcessesAfterEachTest()`
 * (leakCheck.ts): the same check then runs after each test (after its afterEach hooks), on what
 * that test started, and fails that test.
 *
 * A spec's own afterEach must not hide a leak by killing it quietly: it waits for what it ended,
 * and what is left is this check's to report.
 */
const { TestEnvironment } = require('jest-environment-node');
const { randomBytes } = require('node:crypto');
const { onSpawn, setOwnTags } = require('./spawnTags.js');
const { describeLeftovers, killLeftovers, leftoversAfter } = require('./leftovers.js');

/**
 * How long leftovers may take to go by themselves (a shutdown still running when a test ended);
 * `testEnvironmentOptions.leakGraceMs` changes it (the check's own test does).
 */
const GRACE_MS = 10_000;
/** How long a killed leftover may take to be gone. */
const KILLED_WITHIN_MS = 5_000;
/** Where a spec reaches this environment (spec/support/leakCheck.ts). */
const HANDLE = Symbol.for('rxjs-mcp-stdio.leakCheck');

class LeakCheckEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const options = config.projectConfig.testEnvironmentOptions ?? {};
    /** `testEnvironmentOptions.leakCheck: false` turns the check off (the mutation runs). */
    this.enabled = options.leakCheck !== false;
    this.graceMs = typeof options.leakGraceMs === 'number' ? options.leakGraceMs : GRACE_MS;
    this.fileTag = `jest-${process.pid}-${randomBytes(6).toString('hex')}`;
    this.testTag = undefined;
    this.tests = 0;
    /** Every spawn of the file; of the running test. */
    this.spawns = [];
    this.testSpawns = [];
    this.removeListener = () => undefined;
    this.handle = { eachTest: false, fileTag: this.fileTag };
    this.global[HANDLE] = this.handle;
  }

  async setup() {
    await super.setup();
    if (!this.enabled) return;
    this.removeListener = onSpawn((spawn) => {
      this.spawns.push(spawn);
      if (this.testTag !== undefined) this.testSpawns.push(spawn);
    });
    setOwnTags([this.fileTag]);
  }

  async teardown() {
    this.removeListener();
    if (this.enabled) setOwnTags([]);
    await super.teardown();
  }

  async handleTestEvent(event, state) {
    if (!this.enabled) return;
    if (event.name === 'test_start') {
      this.testTag = `${this.fileTag}/${++this.tests}`;
      this.testSpawns = [];
      setOwnTags([this.fileTag, this.testTag]);
    } else if (event.name === 'test_done') {
      const of = { tag: this.testTag, spawns: this.testSpawns };
      this.testTag = undefined;
      setOwnTags([this.fileTag]);
      // Scanned even when no spawn was seen: the synchronous ones (execFileSync…) are not.
      if (!this.handle.eachTest) return;
      const error = await check(of, 'this test', this.graceMs);
      if (error !== undefined) event.test.errors.push(error);
    } else if (event.name === 'run_finish') {
      const error = await check({ tag: this.fileTag, spawns: this.spawns }, 'this test file', this.graceMs);
      if (error !== undefined) state.unhandledErrors.push(error);
    }
  }
}

/** The error to report when `of` left processes (after they had `graceMs` to go), which it kills. */
async function check(of, who, graceMs) {
  const left = await leftoversAfter(of, graceMs);
  if (left.length === 0) return undefined;
  const stillThere = await killLeftovers(left, of, KILLED_WITHIN_MS);
  const error = new Error(
    `${who} left ${left.length} process(es) running ${graceMs} ms after it ended ` +
      `(now SIGKILLed by pid):\n${describeLeftovers(left)}` +
      (stillThere.length > 0 ? `\nstill alive after SIGKILL:\n${describeLeftovers(stillThere)}` : ''),
  );
  return error;
}

module.exports = LeakCheckEnvironment;
