/**
 * The browser-safe entries stay browser-safe: esbuild bundles each one marked `browser` in
 * spec/package/entries.json for `platform: 'browser'` (rxjs included, as an app's bundler would)
 * and every import of a Node built-in is recorded, with the file that made it. The root entry,
 * which spawns processes, is the control: the same check must find its Node imports.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, stop, type Plugin } from 'esbuild';
import { entries, sourceOf } from './entries.js';

const root = path.join(__dirname, '..', '..');
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Bundles one entry for the browser; returns `importer → built-in` for every Node import met. */
async function nodeImportsOf(entry: string): Promise<string[]> {
  const found: string[] = [];
  const recordNodeImports: Plugin = {
    name: 'record-node-imports',
    setup(plugin) {
      plugin.onResolve({ filter: /.*/ }, (args) => {
        // `node:fs/promises` and `fs/promises` are built-ins too.
        if (!builtins.has(args.path) && !builtins.has(args.path.replace(/\/.*$/, ''))) return undefined;
        found.push(`${path.relative(root, args.importer)} → ${args.path}`);
        return { path: args.path, external: true };
      });
    },
  };
  await build({
    entryPoints: [path.join(root, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [recordNodeImports],
  });
  return found;
}

// esbuild serves every build from one child process of its own: end it with the file.
afterAll(() => stop());

describe('bundled for the browser', () => {
  const browserSafe = entries.filter(({ browser }) => browser).map(({ entry }) => [entry, sourceOf(entry)]);

  it.each(browserSafe)('%s (%s) imports no Node built-in', async (_, source) => {
    expect(await nodeImportsOf(source)).toEqual([]);
  });

  it('the check finds the Node imports of the root entry (which spawns processes)', async () => {
    expect(await nodeImportsOf('lib/index.ts')).toEqual(
      expect.arrayContaining([expect.stringMatching(/ → node:child_process$/)]),
    );
  });
});
