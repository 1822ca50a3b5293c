/**
 * What makes the mutation scores binding (used by scripts/mutation.mjs): the modules in scope,
 * whether the committed results are of the current code, each module's score against the
 * minimum, and the spot check: a sample of recorded mutants left out of the base an incremental
 * run starts from, so that it runs them again from scratch, must come out as recorded.
 * spec/quality/mutationScores.spec.ts checks the committed results the same way in `npm test`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The lowest score a module in scope may have, in percent. */
export const MIN_SCORE = 80;

/** Statuses a test run decides; the others (compile errors, ignored) are not in a score. */
const DETECTED = ['Killed', 'Timeout'];
const UNDETECTED = ['Survived', 'NoCoverage'];

/** A `mutate` glob (`**`, `*`) as a regular expression over paths with `/`. */
function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob[i] === '*') source += '[^/]*';
    else source += glob[i].replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The lib files stryker.config.mjs's `mutate` patterns select (a `!` pattern removes), sorted. */
export async function filesInScope(root) {
  const { default: config } = await import(pathToFileURL(path.join(root, 'stryker.config.mjs')).href);
  const libFiles = readdirSync(path.join(root, 'lib'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `lib/${name.split(path.sep).join('/')}`);
  return libFiles
    .filter((file) => {
      let inScope = false;
      for (const pattern of config.mutate) {
        if (pattern.startsWith('!')) {
          if (globToRegExp(pattern.slice(1)).test(file)) inScope = false;
        } else if (globToRegExp(pattern).test(file)) inScope = true;
      }
      return inScope;
    })
    .sort();
}

/** The in-scope files whose recorded results were measured on other source than theirs now. */
export function staleFiles(root, results, files) {
  return files.filter((file) => {
    const recorded = results.files[file];
    return recorded !== undefined && recorded.source !== readFileSync(path.join(root, file), 'utf8');
  });
}

/** Each file's score: detected (killed, timed out) over valid (detected, survived, no coverage). */
export function scoresOf(results) {
  return Object.entries(results.files).map(([file, { mutants }]) => {
    const detected = mutants.filter((m) => DETECTED.includes(m.status)).length;
    const valid = detected + mutants.filter((m) => UNDETECTED.includes(m.status)).length;
    return { file, detected, valid, percent: valid === 0 ? null : (100 * detected) / valid };
  });
}

/** The modules under the minimum, as `file 72.4 % (55/76)` lines. */
export function below(results) {
  return scoresOf(results)
    .filter((score) => score.percent !== null && score.percent < MIN_SCORE)
    .map((score) => `${score.file} ${score.percent.toFixed(1)} % (${score.detected}/${score.valid})`);
}

/** A small deterministic generator (mulberry32), seeded from a string (the commit). */
function random(seedText) {
  let seed = 0;
  for (const char of seedText) seed = (Math.imul(seed, 31) + char.charCodeAt(0)) | 0;
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` mutants of `results` whose status a test run decided (killed, survived, no coverage;
 * not timed out, which a loaded machine decides too), picked at random from `seed`.
 */
export function sampleMutants(results, count, seed) {
  const next = random(seed);
  const pool = Object.entries(results.files).flatMap(([file, { mutants }]) =>
    mutants
      .filter((m) => ['Killed', 'Survived', 'NoCoverage'].includes(m.status))
      .map((m) => ({ file, ...m })),
  );
  const picked = [];
  while (picked.length < count && pool.length > 0)
    picked.push(...pool.splice(Math.floor(next() * pool.length), 1));
  return picked;
}

/** A copy of `results` without the `sample`'s mutants: an incremental run starting there tests them again. */
export function withoutMutants(results, sample) {
  const taken = new Set(sample.map((m) => `${m.file}\u0000${m.id}`));
  const files = Object.fromEntries(
    Object.entries(results.files).map(([file, entry]) => [
      file,
      { ...entry, mutants: entry.mutants.filter((m) => !taken.has(`${file}\u0000${m.id}`)) },
    ]),
  );
  return { ...results, files };
}

/** The same mutant (file, place, mutator, replacement) in another report, or undefined. */
function sameMutant(results, mutant) {
  return results.files[mutant.file]?.mutants.find(
    (m) =>
      m.mutatorName === mutant.mutatorName &&
      m.replacement === mutant.replacement &&
      m.location.start.line === mutant.location.start.line &&
      m.location.start.column === mutant.location.start.column &&
      m.location.end.line === mutant.location.end.line &&
      m.location.end.column === mutant.location.end.column,
  );
}

/**
 * The sampled mutants a fresh run decided otherwise (detected against not detected; a timeout
 * decides nothing), as sentences.
 */
export function disagreements(sample, fresh) {
  const problems = [];
  for (const mutant of sample) {
    const again = sameMutant(fresh, mutant);
    const where = `${mutant.file}:${mutant.location.start.line} ${mutant.mutatorName} (${mutant.replacement})`;
    if (again === undefined) problems.push(`${where}: recorded ${mutant.status}, not found by the fresh run`);
    else if (again.status === 'Timeout') continue;
    else if (DETECTED.includes(mutant.status) !== DETECTED.includes(again.status)) {
      problems.push(`${where}: recorded ${mutant.status}, a fresh run says ${again.status}`);
    }
  }
  return problems;
}
