/**
 * The Node matrix runs what it says: CI runs this suite once per Node version with that Node first
 * on PATH and NODE_UNDER_TEST set, so these tests fail if a run silently used another Node, or if
 * a child started as plain `node` (a shebang, npx, a wrapper script) would get a different one.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const script = path.join(__dirname, '..', '..', 'scripts', 'nodeBinary.mjs');

describe('the Node under test', () => {
  it('is the version CI asked for (when CI says which)', () => {
    const expected = process.env.NODE_UNDER_TEST ?? process.version;
    expect(process.version).toBe(expected);
  });

  it('is also the `node` that children find on PATH', () => {
    const onPath = execFileSync('node', ['-p', 'process.version'], { encoding: 'utf8' }).trim();
    expect(onPath).toBe(process.version);
  });
});

describe('scripts/nodeBinary.mjs', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 20_000 });

  it('answers the machine major with the running Node, fetching nothing', () => {
    const result = run(process.versions.node.split('.')[0]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(process.execPath);
    expect(result.status).toBe(0);
  });

  it('lists one pinned exact version per fetched major', () => {
    const result = run('--list');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(' ')[0])).toEqual(['22', '24']);
    for (const line of lines) {
      const [major, version] = line.split(' ');
      expect(version).toMatch(new RegExp(`^${major}\\.\\d+\\.\\d+$`));
    }
  });

  it.each([[[]], [['banana']], [['19']]])('refuses %j with a clear error and no output', (args) => {
    const result = run(...args);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^nodeBinary: (usage|"\w+" is neither x\.y\.z)/);
  });
});
