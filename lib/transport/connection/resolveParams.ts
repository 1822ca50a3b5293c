/**
 * Params are checked once, when the subject is made, and every default filled in: a connection
 * works from the resolved value only, and invalid params are one `StdioParamsError`.
 */
import { asyncScheduler, type NextObserver, type SchedulerLike } from 'rxjs';
import { TextCodec } from '../framing/TextCodec.js';
import type { MalformedFrame } from '../MalformedFrame.js';
import type { StdioSpawn } from '../process/StdioChildProcess.js';
import { StdioParamsError } from '../errors/StdioParamsError.js';
import type {
  StdioEncoding,
  StdioEncodingErrorHandler,
  StdioExitEvent,
  StdioRuntime,
  StdioServerParams,
  StdioSpawnEvent,
} from '../StdioServerParams.js';

import { endOfTurn, type TurnScheduler } from './endOfTurn.js';
import {
  DEFAULT_MAX_FRAME_LENGTH,
  DEFAULT_MAX_WRITE_QUEUE_LENGTH,
  DEFAULT_SHUTDOWN_TIMEOUT,
} from './defaults.js';

const ENCODINGS: readonly StdioEncoding[] = ['utf-8', 'utf8', 'latin1', 'ascii'];
const ERROR_HANDLERS: readonly StdioEncodingErrorHandler[] = ['strict', 'replace', 'ignore'];

/** Params checked and with every default filled in; what a connection works from. */
export interface ResolvedStdioParams<In, Out> {
  command: string;
  args: readonly string[];
  /** Named in the spawn error when `command` is not found. */
  runtime: StdioRuntime | undefined;
  cwd: string | undefined;
  /** `params.env`, merged over the default environment at each spawn. */
  envOverrides: Readonly<Record<string, string | undefined>>;
  /** The text codec of both directions (`encoding` with `encodingErrorHandler`). */
  codec: TextCodec;
  stderr: 'inherit' | 'ignore' | NextObserver<string>;
  closeTimeout: number;
  termTimeout: number;
  keepAlive: number;
  maxFrameLength: number;
  maxWriteQueueLength: number;
  serializer: ((value: Out) => string) | undefined;
  deserializer: ((line: string) => In) | undefined;
  spawnObserver: NextObserver<StdioSpawnEvent> | undefined;
  closingObserver: NextObserver<undefined> | undefined;
  exitObserver: NextObserver<StdioExitEvent> | undefined;
  malformedObserver: NextObserver<MalformedFrame> | undefined;
  scheduler: SchedulerLike;
  /** Where the writer's turn ends: `params.scheduler` when given, else a microtask. */
  turn: TurnScheduler;
  spawn: StdioSpawn | undefined;
}

/**
 * Checks `params` and fills in the defaults, once, when the subject is made (a params object
 * changed afterwards is not seen). The subject reports an invalid one to every subscriber.
 *
 * @throws StdioParamsError naming the first field that is wrong.
 */
export function resolveParams<In, Out>(params: StdioServerParams<In, Out>): ResolvedStdioParams<In, Out> {
  // Params may come from plain JavaScript or JSON config: check them as the unknown they may be.
  if (typeof (params as unknown) !== 'object' || (params as unknown) === null) {
    throw new StdioParamsError('params must be an object with at least a command', 'params');
  }
  const command = requireText(params.command, 'command');
  if (command.length === 0)
    throw new StdioParamsError('params.command must be a non-empty string', 'command');

  const args: readonly unknown[] = params.args ?? [];
  if (!Array.isArray(args)) throw new StdioParamsError('params.args must be an array of strings', 'args');
  args.forEach((arg, index) => requireText(arg, `args[${index}]`));

  const runtime = params.runtime;
  if (runtime !== undefined) {
    if (typeof (runtime as unknown) !== 'object' || (runtime as unknown) === null) {
      throw new StdioParamsError('params.runtime must be an object { name, install }', 'runtime');
    }
    requireText(runtime.name, 'runtime.name');
    requireText(runtime.install, 'runtime.install');
  }

  const cwd = params.cwd === undefined ? undefined : requireText(params.cwd, 'cwd');
  if (cwd === '')
    throw new StdioParamsError('params.cwd must not be empty (omit it to use the host’s)', 'cwd');

  const overrides = params.env ?? {};
  if (typeof (overrides as unknown) !== 'object' || (overrides as unknown) === null) {
    throw new StdioParamsError('params.env must be an object of strings', 'env');
  }
  for (const [name, value] of Object.entries(overrides)) {
    if (name.length === 0 || name.includes('=') || name.includes('\0')) {
      throw new StdioParamsError(
        `params.env has an invalid variable name ${JSON.stringify(name)}`,
        `env.${name}`,
      );
    }
    if (value !== undefined) requireText(value, `env.${name}`);
  }

  const encoding = params.encoding ?? 'utf-8';
  if (!ENCODINGS.includes(encoding)) {
    throw new StdioParamsError(
      `params.encoding must be one of ${ENCODINGS.join(', ')} (newline-delimited framing needs an encoding ` +
        `in which "\\n" is one byte that no other character contains)`,
      'encoding',
    );
  }
  const encodingErrorHandler = params.encodingErrorHandler ?? 'strict';
  if (!ERROR_HANDLERS.includes(encodingErrorHandler)) {
    throw new StdioParamsError(
      `params.encodingErrorHandler must be one of ${ERROR_HANDLERS.join(', ')}`,
      'encodingErrorHandler',
    );
  }

  const stderr = params.stderr ?? 'inherit';
  if (stderr !== 'inherit' && stderr !== 'ignore' && typeof stderr.next !== 'function') {
    throw new StdioParamsError(
      "params.stderr must be 'inherit', 'ignore' or an observer with next()",
      'stderr',
    );
  }

  return {
    command,
    args: args as readonly string[],
    runtime: runtime === undefined ? undefined : { name: runtime.name, install: runtime.install },
    cwd,
    envOverrides: { ...overrides },
    codec: new TextCodec(encoding, encodingErrorHandler),
    stderr,
    closeTimeout: requireDuration(params.shutdown?.closeTimeout, 'shutdown.closeTimeout'),
    termTimeout: requireDuration(params.shutdown?.termTimeout, 'shutdown.termTimeout'),
    keepAlive: requireDuration(params.keepAlive, 'keepAlive', 0),
    maxFrameLength: requireSize(params.maxFrameLength, DEFAULT_MAX_FRAME_LENGTH, 'maxFrameLength'),
    maxWriteQueueLength: requireSize(
      params.maxWriteQueueLength,
      DEFAULT_MAX_WRITE_QUEUE_LENGTH,
      'maxWriteQueueLength',
    ),
    serializer: params.serializer,
    deserializer: params.deserializer,
    spawnObserver: params.spawnObserver,
    closingObserver: params.closingObserver,
    exitObserver: params.exitObserver,
    malformedObserver: params.malformedObserver,
    scheduler: params.scheduler ?? asyncScheduler,
    turn: params.scheduler ?? endOfTurn,
    spawn: params.spawn,
  };
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new StdioParamsError(`params.${field} must be a string`, field);
  // A NUL byte would silently cut the string short in the OS call (or make Node throw later).
  if (value.includes('\0')) throw new StdioParamsError(`params.${field} contains a NUL byte`, field);
  return value;
}

function requireDuration(
  value: number | undefined,
  field: string,
  fallback = DEFAULT_SHUTDOWN_TIMEOUT,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new StdioParamsError(`params.${field} must be a finite number of milliseconds ≥ 0`, field);
  }
  return value;
}

function requireSize(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new StdioParamsError(`params.${field} must be a whole number of bytes ≥ 1`, field);
  }
  return value;
}
