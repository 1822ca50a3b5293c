import { asShownInDocs, codeBlocks } from './docPages.js';

/** Each page, and the spec/docs files its code blocks are (in order). */
const PAGES: Record<string, string[]> = {
  'testing-your-app.md': ['ToolsService.example.ts', 'ToolsService.example.spec.ts'],
  'session.md': ['sessionSharing.example.ts', 'sessionRequests.example.ts', 'sessionElicitation.example.ts'],
};

describe('docs pages show the code the tests run', () => {
  for (const [page, files] of Object.entries(PAGES)) {
    it(`docs/${page}: every code block is a tested file, verbatim`, () => {
      expect(codeBlocks(page)).toEqual(files.map(asShownInDocs));
    });
  }

  it('a changed example no longer matches its page', () => {
    const [first] = codeBlocks('testing-your-app.md');
    expect(first).not.toEqual(asShownInDocs('ToolsService.example.ts').replace("'my-app'", "'other-app'"));
  });
});
