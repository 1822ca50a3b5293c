/**
 * docs/testing.md's "How we test ourselves" stays true: its console example runs with the output
 * shown, every command in its shell blocks exists, and the thresholds and versions it quotes are the
 * configured ones. (The page's first part, for users, is run by spec/docs and scripts/consumerSmoke.mjs.)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const whole = readFileSync(path.join(root, 'docs', 'testing.md'), 'utf8');
const page = whole.slice(whole.indexOf('## How we test ourselves'));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  engines: { node: string };
};

/** The fenced blocks of the page with their language tag. */
function blocks(language: string): string[] {
  return [...page.matchAll(/```(\w+)\n([\s\S]*?)```/g)].filter((m) => m[1] === language).map((m) => m[2]);
}

describe('docs/testing.md, how we test ourselves', () => {
  it('has that section', () => {
    expect(page.startsWith('## How we test ourselves')).toBe(true);
  });

  it('shows console examples whose output is what the command prints', () => {
    const examples = blocks('console');
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const [command, ...output] = example.trimEnd().split('\n');
      expect(command).toMatch(/^\$ node scripts\/\S+\.mjs/);
      const [, script, ...args] = command.slice(2).split(' ');
      const result = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stdout.trimEnd()).toBe(output.join('\n'));
    }
  });

  it('only names commands that exist', () => {
    const lines = blocks('sh').flatMap((block) => block.split('\n').filter((line) => line.trim() !== ''));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const command = line.replace(/\s+#.*$/, '');
      const npmRun = /^npm run ([\w:-]+)/.exec(command);
      const nodeScript = /^node (scripts\/\S+\.mjs)/.exec(command);
      expect(npmRun !== null || nodeScript !== null).toBe(true);
      if (npmRun) expect(Object.keys(pkg.scripts)).toContain(npmRun[1]);
      if (nodeScript)
        expect(readFileSync(path.join(root, nodeScript[1]), 'utf8')).toContain(command.split(' ').at(-1));
    }
  });

  it('quotes the engines and the coverage thresholds as configured', () => {
    expect(page).toContain(`\`${pkg.engines.node}\``);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest.config.js is CommonJS
    const { coverageThreshold } = require('../../jest.config.js') as {
      coverageThreshold: Record<string, { lines: number }>;
    };
    for (const [folder, quoted] of [
      ['./lib/transport/framing/', /`lib\/transport\/framing`\s+(\d+) %/],
      ['./lib/transport/connection/', /`lib\/transport\/connection`\s+(\d+) %/],
      ['./lib/transport/process/', /`lib\/transport\/process` is held to\s+(\d+) %/],
      ['global', /the\s+rest\s+of\s+`lib`\s+(\d+) %/],
    ] as const) {
      expect(Number(quoted.exec(page)?.[1])).toBe(coverageThreshold[folder].lines);
    }
  });
});
