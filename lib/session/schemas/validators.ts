/**
 * The few validator builders the session's MCP schemas are made of (mcpSchemas.ts): objects,
 * arrays, records, unions, literals and a handful of string and number checks. They keep the
 * semantics of the zod 4 schemas of `@modelcontextprotocol/core` that they replace (accept the
 * same values, return the same parsed value: unknown keys stripped where core strips them and
 * kept where core keeps them, defaults filled in), which spec/session/schemas proves against core
 * itself, and they weigh a few kilobytes instead of zod's hundred: the session entry runs in
 * browsers, where every kilobyte is downloaded.
 *
 * A check returns the parsed value, or {@link FAIL} after pushing what is wrong to `issues`, with
 * paths relative to the value checked; a parent prefixes its key when an issue bubbles up, so a
 * valid value costs no path bookkeeping at all.
 */
import type { McpSchema, McpSchemaResult } from './McpSchema.js';

/** What is wrong with a value, and where: zod's issue shape, which parseWith() describes. */
export interface Issue {
  /** The keys and indexes from the checked value down to the wrong one. */
  path: (string | number)[];
  /** What is wrong, for a person to read. */
  message: string;
}

/** Returned by a check for an invalid value (the issues say why). */
export const FAIL: unique symbol = Symbol('invalid');

/** A check: the parsed value, or FAIL with issues pushed. */
export type Check<T> = (value: unknown, issues: Issue[]) => T | typeof FAIL;

/** A schema the session validates with: `safeParse`, as {@link McpSchema} asks, over one check. */
export interface Validator<T> extends McpSchema<T> {
  /** Parses a value, pushing issues instead of building a result object. */
  readonly check: Check<T>;
  /**
   * How an object treats this property when its key is absent: `optional` leaves it out,
   * `defaulted` fills in the default, none (required) is an issue.
   */
  readonly absent?: 'optional' | 'defaulted';
}

/** The value type a validator produces. */
export type Output<V> = V extends Validator<infer T> ? T : never;

/**
 * The `safeParse` of a check: the value, or an error whose message lists the issues (and that
 * carries them, as zod's does, for parseWith()). It never throws: a value nested so deeply that
 * checking it overflows the stack (a hostile server's JSON) is invalid, where zod would throw.
 */
function safeParseWith<T>(check: Check<T>): (value: unknown) => McpSchemaResult<T> {
  return (value) => {
    const issues: Issue[] = [];
    let parsed: T | typeof FAIL;
    try {
      parsed = check(value, issues);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      parsed = fail(issues, 'Invalid input: nested too deeply');
    }
    if (parsed !== FAIL) return { success: true, data: parsed };
    const error = { message: issues.map(describe).join('; '), issues };
    return { success: false, error };
  };
}

const describe = (issue: Issue): string =>
  issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;

/** A validator from a check (and, for object properties, how an absent key is treated). */
export function validator<T>(check: Check<T>, absent?: 'optional' | 'defaulted'): Validator<T> {
  return { check, absent, safeParse: safeParseWith(check) };
}

/** Pushes one issue at the value itself and fails. */
function fail(issues: Issue[], message: string): typeof FAIL {
  issues.push({ path: [], message });
  return FAIL;
}

/** The kind of a value, as an "expected …, received …" message names it. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

/** Fails with "expected <kind>". */
function wrongKind(issues: Issue[], expected: string, value: unknown): typeof FAIL {
  return fail(issues, `Invalid input: expected ${expected}, received ${kindOf(value)}`);
}

/** Prefixes `key` to the path of every issue pushed since `from`. */
function prefix(issues: Issue[], from: number, key: string | number): void {
  for (let i = from; i < issues.length; i++) issues[i].path.unshift(key);
}

/** An object that is neither null nor an array (what an object schema accepts). */
function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string. */
export const string: Validator<string> = validator((value, issues) =>
  typeof value === 'string' ? value : wrongKind(issues, 'string', value),
);

/** A finite number (NaN and the infinities are not numbers here, as in JSON). */
export const number: Validator<number> = validator((value, issues) =>
  typeof value === 'number' && Number.isFinite(value) ? value : wrongKind(issues, 'number', value),
);

/** A safe integer. */
export const integer: Validator<number> = validator((value, issues) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) return wrongKind(issues, 'number', value);
  return Number.isSafeInteger(value) ? value : fail(issues, 'Invalid input: expected a safe integer');
});

/** A boolean. */
export const boolean: Validator<boolean> = validator((value, issues) =>
  typeof value === 'boolean' ? value : wrongKind(issues, 'boolean', value),
);

/** Anything (a required key must still be present). */
export const unknown: Validator<unknown> = validator((value) => value);

/** Exactly one of the given strings. */
export function oneOf<const T extends readonly string[]>(...values: T): Validator<T[number]> {
  const allowed = new Set<unknown>(values);
  return validator((value, issues) =>
    allowed.has(value)
      ? (value as T[number])
      : fail(issues, `Invalid option: expected one of ${values.map((v) => JSON.stringify(v)).join('|')}`),
  );
}

/** A value that passes a base validator and then a test (the value is returned as parsed). */
export function refine<T>(base: Validator<T>, test: (value: T) => boolean, message: string): Validator<T> {
  return validator((value, issues) => {
    const parsed = base.check(value, issues);
    if (parsed === FAIL) return FAIL;
    return test(parsed) ? parsed : fail(issues, message);
  });
}

/** A validator whose output is mapped (after a successful check). */
export function map<T, U>(base: Validator<T>, to: (value: T) => U): Validator<U> {
  return validator((value, issues) => {
    const parsed = base.check(value, issues);
    return parsed === FAIL ? FAIL : to(parsed);
  });
}

/** A property that may be absent (an object leaves it out of its value). */
export type OptionalValidator<T> = Validator<T | undefined> & { readonly absent: 'optional' };

/** An optional property: an absent key (or `undefined`) is fine and stays absent. */
export function optional<T>(base: Validator<T>): OptionalValidator<T> {
  const check: Check<T | undefined> = (value, issues) =>
    value === undefined ? undefined : base.check(value, issues);
  return validator(check, 'optional') as OptionalValidator<T>;
}

/** A property that takes a default when absent or `undefined`. */
export function withDefault<T>(base: Validator<T>, make: () => T): Validator<T> {
  return validator(
    (value, issues) => (value === undefined ? make() : base.check(value, issues)),
    'defaulted',
  );
}

/** An optional property that turns into `undefined` instead of failing when it is invalid. */
export function optionalOrDropped<T>(base: Validator<T>): OptionalValidator<T> {
  const check: Check<T | undefined> = (value) => {
    if (value === undefined) return undefined;
    const parsed = base.check(value, []);
    return parsed === FAIL ? undefined : parsed;
  };
  return validator(check, 'optional') as OptionalValidator<T>;
}

/** Any one of the validators, tried in order: the first that accepts gives the value. */
export function union<const V extends readonly Validator<unknown>[]>(
  ...options: V
): Validator<Output<V[number]>> {
  return validator((value, issues) => {
    for (const option of options) {
      const parsed = option.check(value, []);
      if (parsed !== FAIL) return parsed as Output<V[number]>;
    }
    return fail(issues, 'Invalid input');
  });
}

/** An array, each element checked; `max` bounds its length. */
export function array<T>(item: Validator<T>, max = Infinity): Validator<T[]> {
  return validator((value, issues) => {
    if (!Array.isArray(value)) return wrongKind(issues, 'array', value);
    const from = issues.length;
    const out: T[] = new Array<T>(value.length);
    for (let i = 0; i < value.length; i++) {
      const before = issues.length;
      const parsed = item.check(value[i], issues);
      prefix(issues, before, i);
      out[i] = parsed as T;
    }
    if (value.length > max) fail(issues, `Too big: expected array to have <=${max} items`);
    return issues.length === from ? out : FAIL;
  });
}

/**
 * A record of string keys (a plain object), each value checked. `__proto__` keys are dropped,
 * never assigned (an assignment would set the prototype of the result).
 */
export function record<T>(item: Validator<T>): Validator<Record<string, T>> {
  return validator((value, issues) => {
    if (!isPlainObject(value)) return wrongKind(issues, 'record', value);
    const from = issues.length;
    const out: Record<string, T> = {};
    for (const key of Reflect.ownKeys(value)) {
      if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, key)) continue;
      if (typeof key === 'symbol') {
        fail(issues, 'Invalid key in record');
        continue;
      }
      const before = issues.length;
      const parsed = item.check(value[key], issues);
      prefix(issues, before, key);
      out[key] = parsed as T;
    }
    return issues.length === from ? out : FAIL;
  });
}

/** A plain object: made by `{}`, `Object.create(null)` or JSON, not an instance of a class. */
function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (!isObjectLike(value)) return false;
  const ctor: unknown = value.constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto: unknown = (ctor as { prototype?: unknown }).prototype;
  return isObjectLike(proto) && Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

/** The properties of an object schema, by key. */
export type Shape = Record<string, Validator<unknown>>;

/** Keys whose validator may leave them out. */
type OptionalKeys<S extends Shape> = {
  [K in keyof S]: S[K] extends { absent: 'optional' } ? K : never;
}[keyof S];

/** The value an object schema produces: optional properties as `key?:`. */
export type ObjectOutput<S extends Shape> = Flatten<
  { [K in keyof S as K extends OptionalKeys<S> ? never : K]: Output<S[K]> } & {
    [K in keyof S as K extends OptionalKeys<S> ? K : never]?: Output<S[K]>;
  }
>;

/** One object type instead of an intersection, so editors show it whole. */
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/**
 * What happens to keys that the shape does not name: `strip` leaves them out of the parsed
 * value, `keep` copies them as they are.
 */
export type UnknownKeys = 'strip' | 'keep';

/**
 * An object with the given properties. Absent keys follow each property's validator (required,
 * optional or defaulted); a required key whose validator accepts anything must still be present.
 */
export function object<S extends Shape>(shape: S, unknownKeys: 'keep'): Validator<ObjectOutput<S> & Loose>;
export function object<S extends Shape>(shape: S, unknownKeys?: 'strip'): Validator<ObjectOutput<S>>;
export function object<S extends Shape>(
  shape: S,
  unknownKeys: UnknownKeys = 'strip',
): Validator<ObjectOutput<S>> {
  const entries = Object.entries(shape);
  const known = new Set(Object.keys(shape));
  return validator((value, issues) => {
    if (!isObjectLike(value)) return wrongKind(issues, 'object', value);
    const from = issues.length;
    const out: Record<string, unknown> = {};
    for (const [key, property] of entries) {
      const present = key in value;
      if (!present && property.absent === 'optional') continue;
      const before = issues.length;
      const parsed = property.check(value[key], issues);
      // A required key must be there even when its validator would take `undefined`.
      if (!present && property.absent === undefined && parsed !== FAIL)
        fail(issues, 'Invalid input: expected a value');
      prefix(issues, before, key);
      if (parsed !== undefined || present) out[key] = parsed;
    }
    if (unknownKeys === 'keep') {
      for (const key in value) {
        if (!known.has(key) && key !== '__proto__') out[key] = value[key];
      }
    }
    return issues.length === from ? (out as ObjectOutput<S>) : FAIL;
  });
}

/** The index signature of an object that keeps unknown keys. */
export interface Loose {
  [key: string]: unknown;
}

/** A validator defined later (for recursive schemas such as JSON values). */
export function lazy<T>(get: () => Validator<T>): Validator<T> {
  return validator((value, issues) => get().check(value, issues));
}
