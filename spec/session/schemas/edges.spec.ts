/**
 * The edges where the MCP schemas surprise, each named: our schemas and core's give the same
 * answer on each (and the answer is the one written here, so a change of core's is seen too).
 * And the differential property can fail: a schema off by one boundary is caught.
 */
import * as core from '@modelcontextprotocol/core';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import type { McpSchema } from '../../../lib/session/schemas/McpSchema.js';
import * as ours from '../../../lib/session/schemas/mcpSchemas.js';
import { testValuesOf, type ZodSchema } from './zodArbitrary.js';

type Name = keyof typeof ours & keyof typeof core;

interface Edge {
  name: string;
  schema: Name;
  value: unknown;
  /** The parsed value, or `false` for a rejected one. */
  expected: unknown;
}

const task = { taskId: 't', status: 'working', ttl: null, createdAt: 'a', lastUpdatedAt: 'b' };
const annotated = (lastModified: unknown, priority: unknown = 0.5) => ({
  content: [{ type: 'text', text: 'x', annotations: { lastModified, priority } }],
});
const url = (value: string) => ({ mode: 'url', message: 'm', elicitationId: 'e', url: value });
const contents = (entry: Record<string, unknown>) => ({ contents: [{ uri: 'u', ...entry }] });

const EDGES: Edge[] = [
  {
    name: 'an invalid serverInfo in _meta is dropped, not an error',
    schema: 'ResultSchema',
    value: { _meta: { 'io.modelcontextprotocol/serverInfo': { name: 1 }, other: 2 } },
    expected: { _meta: { 'io.modelcontextprotocol/serverInfo': undefined, other: 2 } },
  },
  {
    name: 'a tool result without content gets []',
    schema: 'CallToolResultSchema',
    value: {},
    expected: { content: [] },
  },
  {
    name: 'unknown keys: kept on a result, stripped from its content blocks',
    schema: 'CallToolResultSchema',
    value: { content: [{ type: 'text', text: 'a', extra: 1 }], extra: 2 },
    expected: { content: [{ type: 'text', text: 'a' }], extra: 2 },
  },
  {
    name: 'a log message needs its data key, even null',
    schema: 'LoggingMessageNotificationParamsSchema',
    value: { level: 'info' },
    expected: false,
  },
  {
    name: 'a log message with data null',
    schema: 'LoggingMessageNotificationParamsSchema',
    value: { level: 'info', data: null },
    expected: { level: 'info', data: null },
  },
  {
    name: 'a progress token is a string or a safe integer: not 1.5',
    schema: 'ProgressNotificationParamsSchema',
    value: { progressToken: 1.5, progress: 1 },
    expected: false,
  },
  {
    name: 'a progress token is a string or a safe integer: not 2^53',
    schema: 'ProgressNotificationParamsSchema',
    value: { progressToken: 2 ** 53, progress: 1 },
    expected: false,
  },
  {
    name: 'progress is a finite number: not NaN',
    schema: 'ProgressNotificationParamsSchema',
    value: { progressToken: 1, progress: NaN },
    expected: false,
  },
  {
    name: 'progress is a finite number: not Infinity',
    schema: 'ProgressNotificationParamsSchema',
    value: { progressToken: 1, progress: Infinity },
    expected: false,
  },
  {
    name: 'base64 with too much padding',
    schema: 'ReadResourceResultSchema',
    value: contents({ blob: 'a===' }),
    expected: false,
  },
  {
    name: 'base64 without padding, as atob takes it',
    schema: 'ReadResourceResultSchema',
    value: contents({ blob: 'YQ' }),
    expected: contents({ blob: 'YQ' }),
  },
  {
    name: 'text and blob: the text contents win, the blob is stripped',
    schema: 'ReadResourceResultSchema',
    value: contents({ text: 't', blob: 'not base64!' }),
    expected: contents({ text: 't' }),
  },
  {
    name: 'a URL is trimmed and loses tabs and line breaks',
    schema: 'ElicitRequestParamsSchema',
    value: url('  https://exa\tmple.com/a\n '),
    expected: url('https://example.com/a'),
  },
  {
    name: 'a URL the platform cannot parse',
    schema: 'ElicitRequestParamsSchema',
    value: url('not a url'),
    expected: false,
  },
  {
    name: 'a leap day in a leap year',
    schema: 'CallToolResultSchema',
    value: annotated('2024-02-29T00:00:00Z'),
    expected: annotated('2024-02-29T00:00:00Z'),
  },
  {
    name: 'a leap day in 2023',
    schema: 'CallToolResultSchema',
    value: annotated('2023-02-29T00:00:00Z'),
    expected: false,
  },
  {
    name: 'a leap day in 1900',
    schema: 'CallToolResultSchema',
    value: annotated('1900-02-29T00:00:00Z'),
    expected: false,
  },
  {
    name: 'a leap day in 2000, with an offset and a fraction',
    schema: 'CallToolResultSchema',
    value: annotated('2000-02-29T23:59:59.5+05:30'),
    expected: annotated('2000-02-29T23:59:59.5+05:30'),
  },
  {
    name: 'a date-time without seconds',
    schema: 'CallToolResultSchema',
    value: annotated('2024-01-01T12:00Z'),
    expected: false,
  },
  {
    name: 'a date-time without a zone',
    schema: 'CallToolResultSchema',
    value: annotated('2024-01-01T12:00:00'),
    expected: false,
  },
  {
    name: 'a priority of exactly 1',
    schema: 'CallToolResultSchema',
    value: annotated('2024-01-01T00:00:00Z', 1),
    expected: annotated('2024-01-01T00:00:00Z', 1),
  },
  {
    name: 'a priority just over 1',
    schema: 'CallToolResultSchema',
    value: annotated('2024-01-01T00:00:00Z', 1.0000001),
    expected: false,
  },
  {
    name: 'at most 100 completion values',
    schema: 'CompleteResultSchema',
    value: { completion: { values: Array.from({ length: 101 }, String) } },
    expected: false,
  },
  {
    name: 'a __proto__ key (as JSON.parse makes it) is dropped, never set as the prototype',
    schema: 'ListToolsResultSchema',
    value: JSON.parse(
      '{"tools":[{"name":"t","inputSchema":{"type":"object","properties":{"__proto__":{"polluted":true},"a":1}}}],"__proto__":{"polluted":true}}',
    ),
    expected: { tools: [{ name: 't', inputSchema: { type: 'object', properties: { a: 1 } } }] },
  },
  {
    name: 'a record must be a plain object: a class instance is not',
    schema: 'ListToolsResultSchema',
    value: {
      tools: [
        {
          name: 't',
          inputSchema: {
            type: 'object',
            properties: new (class Properties {
              readonly a = 1;
            })(),
          },
        },
      ],
    },
    expected: false,
  },
  {
    name: 'a tool keeps the unknown keys of its schemas and loses its own',
    schema: 'ListToolsResultSchema',
    value: {
      tools: [{ name: 't', extra: 1, inputSchema: { type: 'object', $defs: {} }, outputSchema: { x: 1 } }],
    },
    expected: { tools: [{ name: 't', inputSchema: { type: 'object', $defs: {} }, outputSchema: { x: 1 } }] },
  },
  {
    name: 'tasks/get answers the task: unknown keys stripped, _meta kept',
    schema: 'GetTaskResultSchema',
    value: { ...task, extra: 1, _meta: { a: 1 } },
    expected: { ...task, _meta: { a: 1 } },
  },
];

/** Accepted value or false. */
function parsed(schema: McpSchema<unknown>, value: unknown): unknown {
  const result = schema.safeParse(value);
  return result.success ? result.data : false;
}

describe('the edges of the MCP schemas, ours and core alike', () => {
  it.each(EDGES.map((edge) => [edge.name, edge] as const))('%s', (_, { schema, value, expected }) => {
    const theirs = parsed((core as unknown as Record<Name, McpSchema<unknown>>)[schema], value);
    const mine = parsed((ours as Record<Name, McpSchema<unknown>>)[schema], value);
    expect(isDeepStrictEqual(theirs, expected)).toBe(true);
    expect(isDeepStrictEqual(mine, expected)).toBe(true);
    if (mine !== false) expect(Object.getPrototypeOf(mine)).toBe(Object.prototype);
  });
});

describe('where ours is deliberately safer than core', () => {
  it('a value nested too deeply to check is invalid, where zod throws a RangeError', () => {
    const depth = 50_000;
    const properties = JSON.parse(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`) as unknown;
    const value = { tools: [{ name: 't', inputSchema: { type: 'object', properties } }] };
    expect(() => core.ListToolsResultSchema.safeParse(value)).toThrow(RangeError);
    const parsed = ours.ListToolsResultSchema.safeParse(value);
    expect(parsed.success ? 'accepted' : parsed.error.message).toMatch(/nested too deeply/);
  });
});

/** Whether a value holds `priority: 1` anywhere. */
function hasPriorityOfOne(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(
    ([key, inner]) => (key === 'priority' && inner === 1) || hasPriorityOfOne(inner),
  );
}

describe('the differential property', () => {
  it('finds a schema that is off at one boundary: ours, but with a priority of 1 refused', () => {
    const almost: McpSchema<unknown> = {
      safeParse: (value) =>
        hasPriorityOfOne(value)
          ? { success: false, error: { message: 'off by one' } }
          : ours.CallToolResultSchema.safeParse(value),
    };
    const values = testValuesOf((core as unknown as Record<string, ZodSchema>).CallToolResultSchema);
    const result = fc.check(
      fc.property(values, fc.boolean(), (value, throughJson) => {
        const input = throughJson ? (JSON.parse(JSON.stringify(value) ?? 'null') as unknown) : value;
        return isDeepStrictEqual(parsed(almost, input), parsed(core.CallToolResultSchema, input));
      }),
      { numRuns: 300 },
    );
    expect(result.failed).toBe(true);
  });
});
