/**
 * The session's own MCP schemas against `@modelcontextprotocol/core`'s zod schemas, which they
 * replace at run time: for generated values, valid and near-valid (wrong kinds, missing and
 * unknown keys, values at each boundary), ours accepts exactly when core accepts, and returns the
 * same parsed value (unknown keys stripped or kept alike, defaults filled in alike). Values are
 * checked as they come over a wire (through JSON) and as they come through a MessagePort or a fake
 * (structured values, with `undefined`, `-0`, `NaN` and the infinities).
 */
import * as core from '@modelcontextprotocol/core';
import fc from 'fast-check';
import { inspect, isDeepStrictEqual } from 'node:util';
import type { McpSchema } from '../../../lib/session/schemas/McpSchema.js';
import * as ours from '../../../lib/session/schemas/mcpSchemas.js';
import { arbitraryOf, testValuesOf, type ZodSchema } from './zodArbitrary.js';

/** Every schema the session validates with at run time, by core's name. */
const NAMES = [
  'ResultSchema',
  'InitializeResultSchema',
  'CallToolResultSchema',
  'ListToolsResultSchema',
  'ListPromptsResultSchema',
  'GetPromptResultSchema',
  'ListResourcesResultSchema',
  'ListResourceTemplatesResultSchema',
  'ReadResourceResultSchema',
  'CompleteResultSchema',
  'ProgressNotificationParamsSchema',
  'CancelledNotificationParamsSchema',
  'LoggingMessageNotificationParamsSchema',
  'CreateMessageRequestParamsSchema',
  'ElicitRequestParamsSchema',
  'TaskSchema',
  'CreateTaskResultSchema',
  'GetTaskResultSchema',
  'CancelTaskResultSchema',
  'ListTasksResultSchema',
] as const;

type Name = (typeof NAMES)[number];

const coreSchemas = core as unknown as Record<Name, McpSchema<unknown> & ZodSchema>;
const ourSchemas: Record<Name, McpSchema<unknown>> = ours;

/** The outcome of a parse, comparable across the two: accepted or not, and the value. */
function outcome(schema: McpSchema<unknown>, value: unknown): { success: boolean; data?: unknown } {
  const parsed = schema.safeParse(value);
  return parsed.success ? { success: true, data: parsed.data } : { success: false };
}

/**
 * Asserts the two agree on `value`; returns whether core accepted it. Node's deep strict equality,
 * not Jest's: a parsed record may have a key named `constructor`, which Jest takes for the type.
 */
function agree(name: Name, value: unknown): boolean {
  const theirs = outcome(coreSchemas[name], value);
  const mine = outcome(ourSchemas[name], value);
  if (!isDeepStrictEqual(mine, theirs)) {
    throw new Error(
      `${name} disagrees on ${inspect(value, { depth: 8 })}:\nours ${inspect(mine, { depth: 8 })}\ncore ${inspect(theirs, { depth: 8 })}`,
    );
  }
  return theirs.success;
}

const RUNS = 300;

describe.each(NAMES)('%s, ours against core', (name) => {
  const valid = arbitraryOf(coreSchemas[name], { broken: false });
  const broken = testValuesOf(coreSchemas[name]);

  it('agree on valid values, through JSON', () => {
    let accepted = 0;
    fc.assert(
      fc.property(valid, (value) => {
        if (agree(name, JSON.parse(JSON.stringify(value)) as unknown)) accepted++;
      }),
      { numRuns: RUNS },
    );
    // The generator makes mostly valid values (a refinement such as base64 may reject some).
    expect(accepted).toBeGreaterThan(RUNS / 4);
  });

  it('agree on near-valid values, through JSON and as structured values', () => {
    const seen = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(broken, fc.boolean(), (value, throughJson) => {
        const input = throughJson ? (JSON.parse(JSON.stringify(value) ?? 'null') as unknown) : value;
        seen[agree(name, input) ? 'accepted' : 'rejected']++;
      }),
      { numRuns: RUNS },
    );
    // Both sides of the boundary are exercised.
    expect(seen.accepted).toBeGreaterThan(RUNS / 20);
    expect(seen.rejected).toBeGreaterThan(RUNS / 20);
  });
});
