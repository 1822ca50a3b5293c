// TypeDoc's configuration: the API reference of every public entry point, built from the TSDoc
// comments. The entry points are read from package.json's "exports", so a new entry of the package
// is documented (and held to the same rules) without touching this file. Warnings are errors: an
// undocumented export, a broken {@link} or a type that the reference cannot reach fails the build.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';

const { exports: entries } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** `./dist/esm/session/index.js` (an export's ESM target) → `lib/session/index.ts` (its source). */
const sourceOf = (target) => target.replace(/^\.\/dist\/esm\//, './lib/').replace(/\.js$/, '.ts');

/** The session entry's face: which of its MCP types it exports. */
const sessionFace = readFileSync(new URL('./lib/session/index.ts', import.meta.url), 'utf8');

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'rxjs-mcp-stdio',
  entryPoints: Object.values(entries)
    .filter((conditions) => typeof conditions === 'object')
    .map((conditions) => sourceOf(conditions.import.default)),
  tsconfig: './tsconfig.build.json',
  out: './docs/api',
  // The README is the front page; each entry is named by its import path (its `@module` tag), and
  // each member of an entry's list shows the first paragraph of its comment.
  readme: './README.md',
  useFirstParagraphOfCommentAsSummary: true,
  // A symbol two entries export (the host re-exports the config's) is documented in one of them.
  excludeReferences: true,
  excludePrivate: true,
  excludeInternal: true,
  excludeExternals: true,
  // The session's MCP schemas (lib/session/schemas) stand in for @modelcontextprotocol/core's, which
  // the types used to come from: their inferred shapes are documented as core's were, by the type
  // aliases of McpTypes.ts and the MCP specification, not field by field.
  externalPattern: ['**/node_modules/**', '**/lib/session/schemas/**'],
  treatWarningsAsErrors: true,
  // No links to a hosted source: the docs build must not depend on the clone's git remote.
  disableSources: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  // The fake's own helper types (its pipe ends, its listener type): internal to the testing entry.
  // The session's schema constants, which its MCP types are derived from (`McpSchemaOutput<typeof
  // ToolSchema>`), and the index signature of their loose objects: internal, read from the files
  // that derive the types, so a new type needs no entry here.
  intentionallyNotExported: [
    'FakeReadable',
    'FakeWritable',
    'Listener',
    'Loose',
    // The generic schema type and its output type, from lib/session/schemas (external, see above).
    'McpSchema',
    'McpSchemaOutput',
    ...new Set(
      ['./lib/session/McpTypes.ts', './lib/session/tasks/taskSchemas.ts'].flatMap((file) =>
        [
          ...readFileSync(new URL(file, import.meta.url), 'utf8').matchAll(
            /^export type (\w+) = McpSchemaOutput<typeof (\w+)>/gm,
          ),
        ]
          // Only the schemas of the types the session entry exports: the others are not reached.
          .filter(([, type]) => new RegExp(`\\b${type}\\b`).test(sessionFace))
          .map(([, , name]) => name),
      ),
    ),
  ],
  githubPages: false,
};
