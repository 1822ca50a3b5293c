import fc from 'fast-check';
import { StdioParamsError } from '../../../lib/index.js';
import { joinShellWords, splitShellWords } from '../../../lib/transport/launchers/shellWords.js';
import { anyCodePoints } from '../../support/arbitraries.js';

describe('splitShellWords', () => {
  it.each([
    ['', []],
    ['   \t\n ', []],
    ['npx -y pkg', ['npx', '-y', 'pkg']],
    ['  a   b  ', ['a', 'b']],
    [`'single quoted' word`, ['single quoted', 'word']],
    [`"double quoted" word`, ['double quoted', 'word']],
    [`a'b'"c"d`, ['abcd']],
    [`''`, ['']],
    [`"" x ''`, ['', 'x', '']],
    [`'$HOME | ; & > < ( ) \`'`, ['$HOME | ; & > < ( ) `']],
    [`"a \\" b \\\\ c \\$ d \\\` e \\n f"`, ['a " b \\ c $ d ` e \\n f']],
    [`"it's"`, ["it's"]],
    [`'say "hi"'`, ['say "hi"']],
    ['a\\ b', ['a b']],
    ['\\"x\\"', ['"x"']],
    ['\\$HOME', ['$HOME']],
    ['a \\\n b', ['a', 'b']],
    ['ab\\\ncd', ['abcd']],
    ['"ab\\\ncd"', ['abcd']],
    ["'a\nb'", ['a\nb']],
    ['--opt=value "--name=my server"', ['--opt=value', '--name=my server']],
    ['C:\\\\path\\\\server.js', ['C:\\path\\server.js']],
    [`'C:\\path\\server.js'`, ['C:\\path\\server.js']],
    ['ünïcödé ✓', ['ünïcödé', '✓']],
    ['a*b ?c [d] ~/e #f', ['a*b', '?c', '[d]', '~/e', '#f']],
  ])('%j → %j', (line, words) => {
    expect(splitShellWords(line)).toEqual(words);
  });

  it.each([
    [`'open`, /unterminated single quote at column 1/],
    [`a "open`, /unterminated double quote at column 3/],
    [`"a \\"`, /unterminated double quote at column 1/],
    ['trailing\\', /trailing backslash at column 9/],
    ['a | b', /"\|" needs a shell .* at column 3/],
    ['a && b', /"&" needs a shell/],
    ['a; b', /";" needs a shell/],
    ['a > out', /">" needs a shell/],
    ['a < in', /"<" needs a shell/],
    ['$(cmd)', /"\$" needs a shell/],
    ['echo $HOME', /"\$" needs a shell/],
    ['a `cmd`', /"`" needs a shell/],
    ['(sub)', /"\(" needs a shell/],
    [`"$x" ok $y`, /"\$" needs a shell .* at column 9/],
  ])('refuses %j', (line, message) => {
    expect(() => splitShellWords(line)).toThrow(StdioParamsError);
    expect(() => splitShellWords(line)).toThrow(message);
    try {
      splitShellWords(line);
    } catch (error) {
      expect((error as StdioParamsError).field).toBe('commandLine');
    }
  });

  it('refuses a non-string with a StdioParamsError', () => {
    expect(() => splitShellWords(42 as unknown as string)).toThrow(/must be a string/);
  });
});

describe('joinShellWords', () => {
  it.each([
    [['npx', '-y', '@scope/pkg@1.2.3'], 'npx -y @scope/pkg@1.2.3'],
    [['a b'], `'a b'`],
    [[''], `''`],
    [["it's"], `'it'\\''s'`],
    [['$HOME', 'a|b'], `'$HOME' 'a|b'`],
    [[], ''],
  ])('%j → %s', (words, line) => {
    expect(joinShellWords(words)).toBe(line);
  });
});

describe('the round trip', () => {
  // Any characters at all, weighted towards the ones that quoting and splitting treat specially.
  const special = fc.constantFrom(
    ' ',
    '\t',
    '\n',
    '\r',
    "'",
    '"',
    '\\',
    '$',
    '`',
    '|',
    '&',
    ';',
    '#',
    '*',
    '~',
  );
  const char = fc.oneof(special, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }));
  const word = fc.array(char, { maxLength: 12 }).map((chars) => chars.join(''));

  it('splitShellWords(joinShellWords(words)) gives the words back', () => {
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (words) => {
        expect(splitShellWords(joinShellWords(words))).toEqual(words);
      }),
      { numRuns: 2000 },
    );
  });

  // A backslash-newline alone joins lines rather than separating words, so each gap has a blank.
  it('any separators between already-safe words give the same words', () => {
    const safe = fc.stringMatching(/^[A-Za-z0-9_@%+=:,./-]{1,10}$/);
    const gap = fc
      .array(fc.constantFrom(' ', '\t', '\n', ' \\\n'), { minLength: 1, maxLength: 3 })
      .map((g) => g.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(safe, gap), { maxLength: 8 }), gap, (pairs, lead) => {
        const line = lead + pairs.map(([w, g]) => w + g).join('');
        expect(splitShellWords(line)).toEqual(pairs.map(([w]) => w));
      }),
      { numRuns: 1000 },
    );
  });

  // A plain predicate (false fails the property): an expect() per run costs more than the split.
  it('splitting never throws anything but a StdioParamsError', () => {
    fc.assert(
      fc.property(anyCodePoints({ maxLength: 40 }), (line) => {
        try {
          return Array.isArray(splitShellWords(line));
        } catch (error) {
          return error instanceof StdioParamsError;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
