import { asShownInDocs, codeBlocks, codeBlocksOf, withPackageImports } from './docPages.js';

/** Each page, and the spec/docs files its code blocks are (in order). */
const PAGES: Record<string, string[]> = {
  'testing.md': ['ToolsService.example.ts', 'ToolsService.example.spec.ts'],
  'session.md': ['sessionSharing.example.ts', 'sessionRequests.example.ts', 'sessionElicitation.example.ts'],
  'apps.md': ['appsView.example.ts'],
};

/** Blocks that are files of spec/readme (`// example: <file>`): spec/readme/examples.spec.ts checks those. */
const SPEC_README = /^\/\/ example: /;

describe('docs pages show the code the tests run', () => {
  for (const [page, files] of Object.entries(PAGES)) {
    it(`docs/${page}: every code block is a tested file, verbatim`, () => {
      expect(codeBlocks(page).filter((code) => !SPEC_README.test(code))).toEqual(files.map(asShownInDocs));
    });
  }

  it('the extractor takes each ts block whole, and nothing else', () => {
    const page = [
      '# A page',
      '',
      '```ts',
      "import { a } from 'x';",
      '',
      'a();',
      '```',
      '',
      'Inline ```ts code``` is not a block.',
      '',
      '```sh',
      'npm test',
      '```',
      '',
      '```ts',
      'export {};',
      '```',
      '',
    ].join('\r\n');
    expect(codeBlocksOf(page)).toEqual(["import { a } from 'x';\n\na();\n", 'export {};\n']);
  });

  it('the page shows the package imports a user writes, not the source paths', () => {
    const source = [
      "import { fromStdioServer } from '../../lib/index.js';",
      "import { mcpSession } from '../../lib/session/index.js';",
      "import { ToolsService } from './ToolsService.example.js';",
      "import { helper } from '../support/helper.js';",
      '',
    ].join('\n');
    expect(withPackageImports(source)).toBe(
      [
        "import { fromStdioServer } from 'rxjs-mcp-stdio';",
        "import { mcpSession } from 'rxjs-mcp-stdio/session';",
        "import { ToolsService } from './ToolsService.js';",
        "import { helper } from '../support/helper.js';",
        '',
      ].join('\n'),
    );
  });

  it('a changed example no longer matches its page', () => {
    const [first] = codeBlocks('testing.md');
    const shown = asShownInDocs('ToolsService.example.ts');
    const changed = shown.replace("'my-app'", "'other-app'");
    expect(changed).not.toBe(shown);
    expect(first).toBe(shown);
    expect(first).not.toBe(changed);
  });
});
