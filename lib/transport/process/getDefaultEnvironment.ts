const POSIX_INHERITED = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER'] as const;

const WINDOWS_INHERITED = [
  'APPDATA',
  'HOMEDRIVE',
  'HOMEPATH',
  'LOCALAPPDATA',
  'PATH',
  'PATHEXT',
  'PROCESSOR_ARCHITECTURE',
  'SYSTEMDRIVE',
  'SYSTEMROOT',
  'TEMP',
  'USERNAME',
  'USERPROFILE',
] as const;

/**
 * The names of the host's environment variables a server inherits by default on this platform.
 * Everything else (tokens, keys, proxies) stays in the host unless passed through `params.env`.
 */
export const DEFAULT_INHERITED_ENV_VARS: readonly string[] =
  process.platform === 'win32' ? WINDOWS_INHERITED : POSIX_INHERITED;

/**
 * The environment a server gets when `params.env` adds nothing: the variables of
 * `DEFAULT_INHERITED_ENV_VARS` that the host has, except values starting with `()` (exported
 * shell functions, which a shell started by the server would execute).
 *
 * @example
 * ```ts
 * fromStdioServer({ command: 'uvx', args: ['mcp-server-git'], env: { ...getDefaultEnvironment(), GIT_DIR: '.git' } });
 * ```
 *
 * @param source The environment to read. Default `process.env`.
 * @returns A fresh object; changing it changes nothing else.
 */
export function getDefaultEnvironment(
  source: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of DEFAULT_INHERITED_ENV_VARS) {
    const value = source[name];
    if (value === undefined || value.startsWith('()')) continue;
    environment[name] = value;
  }
  return environment;
}

/**
 * Merges `overrides` over `base`. On Windows variable names are case-insensitive, so `Path`
 * replaces `PATH` rather than standing beside it; a value of `undefined` removes the variable.
 *
 * @param base The default environment.
 * @param overrides The caller's variables.
 * @param platform The platform whose naming rules apply.
 * @returns A new environment object.
 */
export function mergeEnvironment(
  base: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string | undefined>>,
  platform: string = process.platform,
): Record<string, string> {
  const merged = new Map(Object.entries(base));
  for (const [name, value] of Object.entries(overrides)) {
    if (platform === 'win32') {
      for (const existing of [...merged.keys()]) {
        if (existing.toUpperCase() === name.toUpperCase()) merged.delete(existing);
      }
    }
    if (value === undefined) merged.delete(name);
    else merged.set(name, value);
  }
  return Object.fromEntries(merged);
}
