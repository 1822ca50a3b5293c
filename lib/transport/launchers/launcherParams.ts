/**
 * The one place the launchers turn their decisions (command, launcher arguments, runtime,
 * environment defaults) and the caller's options into params, so every launcher merges the
 * caller's `args` and `env` the same way, and checks its target the same way.
 */
import { StdioParamsError } from '../errors/StdioParamsError.js';
import type { JsonRpcMessage } from '../JsonRpcMessage.js';
import type { StdioRuntime, StdioServerParams } from '../StdioServerParams.js';
import type { LauncherOptions } from './LauncherOptions.js';

/** What a launcher decided. */
export interface LaunchPlan {
  command: string;
  /** The launcher's own arguments; the caller's `args` follow them. */
  args: readonly string[];
  runtime: StdioRuntime | undefined;
  /** Variables the server should have unless the caller's `env` says otherwise. */
  envDefaults?: Readonly<Record<string, string>>;
}

/** Strips the launcher-specific fields out of `options`, keeping the `fromStdioServer()` ones. */
export function launcherParams<In = JsonRpcMessage, Out = JsonRpcMessage>(
  options: LauncherOptions<In, Out>,
  launcherKeys: readonly string[],
  plan: LaunchPlan,
): StdioServerParams<In, Out> {
  const passThrough = Object.fromEntries(
    Object.entries(options).filter(([key]) => !launcherKeys.includes(key)),
  );
  const serverArgs = requireWords(options.args ?? [], 'args');
  const env =
    plan.envDefaults === undefined && options.env === undefined
      ? undefined
      : { ...plan.envDefaults, ...options.env };
  return {
    ...(passThrough as Omit<StdioServerParams<In, Out>, 'command'>),
    command: plan.command,
    args: [...plan.args, ...serverArgs],
    ...(env === undefined ? {} : { env }),
    ...(plan.runtime === undefined ? {} : { runtime: plan.runtime }),
  };
}

/**
 * Checks a script path, package or tool name: a non-empty string that does not start with `-`
 * (the runtime would take it for one of its own options).
 */
export function requireTarget(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new StdioParamsError(`${what} must be a non-empty string`, field);
  }
  if (value.startsWith('-')) {
    throw new StdioParamsError(
      `${what} ${JSON.stringify(value)} starts with "-" and would be taken for an option`,
      field,
    );
  }
  return value;
}

/** Checks an optional list of strings, such as `with` or `nodeOptions`. */
export function requireWords(value: unknown, field: string): readonly string[] {
  if (!Array.isArray(value) || !value.every((word) => typeof word === 'string')) {
    throw new StdioParamsError(`${field} must be an array of strings`, field);
  }
  return value;
}

/** Checks an optional string option. */
export function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0) {
    throw new StdioParamsError(`${field} must be a non-empty string`, field);
  }
  return value;
}

/** The lower-cased extension of a path (`.mjs`), or `''`. */
export function extensionOf(file: string): string {
  const base = file.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot).toLowerCase();
}
