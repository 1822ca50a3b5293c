/**
 * Which of a few program names is on `PATH`: how the Python launcher picks `python3` or
 * `python`. It looks at the `PATH` the server will get (the launcher's `env.PATH` if given),
 * because that is where the spawn will look; it answers a name, never runs anything.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The first of `names` that is an executable file in a directory of `searchPath`.
 *
 * @param names Program names, in order of preference.
 * @param searchPath A `PATH` value (`path.delimiter`-separated).
 * @param extensions On Windows, the `PATHEXT` extensions to try (`.EXE;.CMD;…`).
 * @returns The first name found (as given, not its full path), or `undefined`.
 */
export function firstOnPath(
  names: readonly string[],
  searchPath: string | undefined,
  extensions: string | undefined = process.platform === 'win32'
    ? (process.env.PATHEXT ?? '.EXE;.CMD')
    : undefined,
): string | undefined {
  const directories = (searchPath ?? '').split(path.delimiter).filter((dir) => dir.length > 0);
  const suffixes = ['', ...(extensions?.split(';').filter((ext) => ext.length > 0) ?? [])];
  return names.find((name) =>
    directories.some((dir) => suffixes.some((suffix) => isExecutableFile(path.join(dir, name + suffix)))),
  );
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
