/**
 * fast-check arbitraries read off a zod 4 schema of `@modelcontextprotocol/core` (its definition
 * tree: objects, unions, arrays, records, strings with their formats, numbers with their bounds),
 * so the differential spec generates values for exactly the schemas it compares against, without
 * a hand-written generator per MCP type to fall out of date.
 *
 * `broken` mode makes near-valid values: at any node the value may be replaced by one of another
 * kind, a required key may be missing, an unknown key may be added. Values near each boundary
 * (leap days, safe integers, priorities just outside [0, 1], base64 padding, URLs with spaces) are
 * drawn often, since that is where two implementations of one schema part ways.
 */
import fc from 'fast-check';

/** The parts of a zod 4 definition this reads (zod's internal `_zod.def`). */
interface ZodDef {
  type: string;
  shape?: Record<string, ZodSchema>;
  catchall?: ZodSchema;
  innerType?: ZodSchema;
  element?: ZodSchema;
  valueType?: ZodSchema;
  options?: ZodSchema[];
  entries?: Record<string, string>;
  values?: unknown[];
  format?: string;
  checks?: { _zod: { def: { check: string; format?: string; maximum?: number; value?: number } } }[];
}

/** A zod 4 schema, as far as this file is concerned. */
export interface ZodSchema {
  _zod: { def: ZodDef };
}

/** How values are made. */
export interface ArbitraryOptions {
  /** Make near-valid values (wrong kinds, missing and extra keys) as well as valid ones. */
  broken: boolean;
}

const BASE64 = [
  'YQ==',
  'YWI=',
  'YWJj',
  '',
  'YQ',
  'a===',
  '====',
  ' YQ== ',
  'Y Q==',
  'YQ==\n',
  '@@',
  'YQ=',
  'abcde',
  '8J+Ygw==',
];
const URLS = [
  'https://example.com/a?b=c',
  ' http://example.com/\t',
  'https://exa\nmple.com',
  'mailto:someone@example.com',
  'not a url',
  '',
  'http://[::1]:8080/',
  'file:///tmp/x',
  'urn:isbn:0451450523',
  'https://',
  'http://a b.com',
];
const DATE_TIMES = [
  '2024-02-29T12:00:00Z',
  '2023-02-29T12:00:00Z',
  '1900-02-29T00:00:00Z',
  '2000-02-29T00:00:00Z',
  '2024-04-31T00:00:00Z',
  '2024-12-31T23:59:59.123456+05:30',
  '2024-01-01T24:00:00Z',
  '2024-01-01T12:00Z',
  '2024-01-01t12:00:00z',
  '2024-01-01T12:00:00',
  '2024-01-01T12:00:00+24:00',
  '2024-13-01T00:00:00Z',
  '2024-00-10T00:00:00Z',
  '0000-02-29T00:00:00-00:00',
  '2024-01-01 12:00:00Z',
];

/** A date-time near RFC 3339: sometimes valid, sometimes one field out of range. */
const dateTime = fc
  .record({
    year: fc.integer({ min: 1896, max: 2104 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 24 }),
    fraction: fc.constantFrom('', '.5', '.123456789'),
    zone: fc.constantFrom('Z', '+01:00', '-12:30', '+2400', 'z', ''),
  })
  .map(
    ({ year, month, day, hour, fraction, zone }) =>
      `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:30:15${fraction}${zone}`,
  );

/** A well-formed date-time. */
const VALID_DATE_TIME = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

const NUMBERS = [0, -0, 1, -1, 0.5, 1.0000001, -1e-9, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1.5, 1e300];

/** A value of some other kind than expected (what `broken` puts in a node's place). */
export const wrongKind: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 1 }),
);

const keys = fc.oneof(
  { arbitrary: fc.string({ maxLength: 4 }), weight: 4 },
  { arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '_meta', 'type'), weight: 1 },
);

/** The values a differential test draws: a third valid, a third near-valid, a third of the wrong kind. */
export function testValuesOf(schema: ZodSchema): fc.Arbitrary<unknown> {
  return fc.oneof(arbitraryOf(schema, { broken: false }), arbitraryOf(schema, { broken: true }), wrongKind);
}

/** The arbitrary of one schema. */
export function arbitraryOf(schema: ZodSchema, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  const valid = validOf(schema._zod.def, options);
  if (!options.broken) return valid;
  return fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: wrongKind, weight: 1 });
}

function validOf(def: ZodDef, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  const inner = (schema: ZodSchema | undefined): fc.Arbitrary<unknown> => {
    if (schema === undefined) throw new Error(`zod ${def.type} without its inner schema`);
    return arbitraryOf(schema, options);
  };
  const checks = (def.checks ?? []).map((check) => check._zod.def);
  switch (def.type) {
    case 'string': {
      const format = def.format ?? checks.find((check) => check.check === 'string_format')?.format;
      // Mostly well-formed; in broken mode, often a value at the format's edge.
      const edgy = (good: fc.Arbitrary<string>, ...edges: fc.Arbitrary<string>[]) =>
        options.broken ? fc.oneof({ arbitrary: good, weight: 3 }, ...edges) : good;
      if (format === 'datetime')
        return edgy(VALID_DATE_TIME, fc.constantFrom(...DATE_TIMES), dateTime, fc.string());
      if (format === 'url') return edgy(fc.webUrl(), fc.constantFrom(...URLS), fc.string({ maxLength: 6 }));
      if (checks.some((check) => check.check === 'custom')) {
        return edgy(
          fc.base64String({ maxLength: 12 }),
          fc.constantFrom(...BASE64),
          fc.string({ maxLength: 5 }),
        );
      }
      return fc.string({ maxLength: 6 });
    }
    case 'number': {
      const edgy = (good: fc.Arbitrary<number>) =>
        options.broken
          ? fc.oneof({ arbitrary: good, weight: 3 }, fc.constantFrom(...NUMBERS), fc.double())
          : good;
      if (checks.some((check) => check.check === 'greater_than' || check.check === 'less_than')) {
        return edgy(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)));
      }
      if (checks.some((check) => check.format === 'safeint')) return edgy(fc.maxSafeInteger());
      return edgy(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'unknown':
      return fc.jsonValue({ maxDepth: 2 });
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries ?? {}));
    case 'literal':
      return fc.constantFrom(...(def.values ?? []));
    case 'optional':
    case 'default':
    case 'catch':
      return inner(def.innerType);
    case 'lazy':
      // The only recursive schema used is JSON values.
      return fc.jsonValue({ maxDepth: 2 });
    case 'union':
      return fc.oneof(...(def.options ?? []).map(inner));
    case 'array': {
      const item = inner(def.element);
      const max = checks.find((check) => check.check === 'max_length')?.maximum;
      const short = fc.array(item, { maxLength: 3 });
      return max === undefined
        ? short
        : fc.oneof(short, fc.array(item, { minLength: max - 1, maxLength: max + 1 }));
    }
    case 'record':
      return fc.dictionary(keys, inner(def.valueType), { maxKeys: 3 });
    case 'object':
      return objectOf(def, options);
    default:
      throw new Error(`zodArbitrary: no arbitrary for zod type ${def.type}`);
  }
}

/** An object: every required key, optional keys sometimes, and in broken mode extra or missing keys. */
function objectOf(def: ZodDef, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  const shape = Object.entries(def.shape ?? {});
  const known = new Set(shape.map(([key]) => key));
  const optionalTypes = new Set(['optional', 'default', 'catch']);
  const requiredKeys = shape
    .filter(([, schema]) => !optionalTypes.has(schema._zod.def.type))
    .map(([key]) => key);
  const properties = Object.fromEntries(shape.map(([key, schema]) => [key, arbitraryOf(schema, options)]));
  const base = fc.record(properties, { requiredKeys });
  const extra = fc.dictionary(keys, fc.jsonValue({ maxDepth: 1 }), { maxKeys: options.broken ? 2 : 1 });
  const dropped =
    options.broken && requiredKeys.length > 0
      ? fc.oneof(
          { arbitrary: fc.constant(null), weight: 20 },
          { arbitrary: fc.constantFrom(...requiredKeys), weight: 1 },
        )
      : fc.constant(null);
  const extraOrNot = fc.oneof({ arbitrary: fc.constant(null), weight: 2 }, { arbitrary: extra, weight: 1 });
  return fc.tuple(base, extraOrNot, dropped).map(([value, added, drop]) => {
    const out: Record<string, unknown> = Object.fromEntries(
      Object.entries(value).filter(([key]) => key !== drop),
    );
    if (added === null) return out;
    // Defined one by one, so that a `__proto__` key is an own property, as JSON.parse makes it.
    for (const [key, extraValue] of Object.entries(added)) {
      if (!known.has(key))
        Object.defineProperty(out, key, {
          value: extraValue,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return out;
  });
}
