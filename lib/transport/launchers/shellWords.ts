/**
 * A command line split into words the way a POSIX shell would quote them, without a shell: no
 * variable, command or glob expansion ever happens. Operators that only a shell understands
 * (pipes, redirections, `$`, backquotes) are refused rather than passed on as odd arguments,
 * so a config that needs a shell says so instead of silently running something else.
 */
import { StdioParamsError } from '../errors/StdioParamsError.js';

const SPACE = new Set([' ', '\t', '\n', '\r']);
/** Characters a shell would act on outside quotes; literal only when quoted or escaped. */
const SHELL_ONLY = new Set(['|', '&', ';', '<', '>', '(', ')', '$', '`']);
/** Inside double quotes a backslash escapes only these (POSIX); elsewhere it stays literal. */
const DOUBLE_QUOTE_ESCAPES = new Set(['"', '\\', '$', '`']);
/** Words made only of these need no quotes. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Splits a command line into words with POSIX shell quoting: whitespace separates words,
 * `'…'` keeps everything literal, `"…"` keeps everything literal except `\"`, `\\`, `\$` and
 * `` \` ``, a backslash outside quotes escapes the next character, and a backslash before a
 * newline joins lines. Nothing is expanded and no shell is ever run.
 *
 * @example
 * ```ts
 * splitShellWords(`uvx --from 'my pkg' "server name" a\\ b`); // ['uvx', '--from', 'my pkg', 'server name', 'a b']
 * ```
 * @param commandLine The text to split.
 * @returns The words, in order (empty for a blank line).
 * @throws StdioParamsError (field `'commandLine'`) for an unterminated quote, a trailing
 *   backslash, or an unquoted shell operator (`| & ; < > ( ) $` and backquote), naming its
 *   position.
 */
export function splitShellWords(commandLine: string): string[] {
  if (typeof (commandLine as unknown) !== 'string') {
    throw new StdioParamsError('the command line must be a string', 'commandLine');
  }
  const words: string[] = [];
  let word = '';
  // A word exists once any part of it is seen, so `''` is an (empty) word and a gap is not.
  let inWord = false;
  let index = 0;
  const failure = (what: string, at: number): StdioParamsError =>
    new StdioParamsError(`cannot split the command line: ${what} at column ${at + 1}`, 'commandLine');

  while (index < commandLine.length) {
    const char = commandLine[index];
    if (SPACE.has(char)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      index += 1;
    } else if (char === "'") {
      const end = commandLine.indexOf("'", index + 1);
      if (end === -1) throw failure('unterminated single quote', index);
      word += commandLine.slice(index + 1, end);
      inWord = true;
      index = end + 1;
    } else if (char === '"') {
      const start = index;
      index += 1;
      for (;;) {
        if (index >= commandLine.length) throw failure('unterminated double quote', start);
        const inner = commandLine[index];
        if (inner === '"') break;
        const next = commandLine[index + 1];
        if (inner === '\\' && next === '\n') {
          index += 2;
        } else if (inner === '\\' && DOUBLE_QUOTE_ESCAPES.has(next)) {
          word += next;
          index += 2;
        } else {
          word += inner;
          index += 1;
        }
      }
      inWord = true;
      index += 1;
    } else if (char === '\\') {
      if (index + 1 >= commandLine.length) throw failure('trailing backslash', index);
      const next = commandLine[index + 1];
      // Backslash-newline joins two lines and is no part of any word.
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
      index += 2;
    } else if (SHELL_ONLY.has(char)) {
      throw failure(`${JSON.stringify(char)} needs a shell (quote it to pass it literally)`, index);
    } else {
      word += char;
      inWord = true;
      index += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * Quotes words so that `splitShellWords()` (or a POSIX shell) gives them back unchanged: a word
 * of only safe characters stays as it is, any other is put in single quotes.
 *
 * @example
 * ```ts
 * joinShellWords(['npx', '-y', 'my server', "it's"]); // `npx -y 'my server' 'it'\''s'`
 * ```
 * @param words The words.
 * @returns One command line.
 */
export function joinShellWords(words: readonly string[]): string {
  return words.map((word) => (SAFE_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ');
}
