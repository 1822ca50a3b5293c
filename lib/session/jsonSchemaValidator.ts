// JSON Schema checks of what crosses the session: a tool's structured output against its
// `outputSchema`, accepted elicitation content against its `requestedSchema`. The validator is
// @cfworker/json-schema: it interprets schemas instead of compiling them to code (no `eval`/`new
// Function`, so it runs under a strict Content-Security-Policy and in workers), has no
// dependencies, ships ESM and CommonJS, and covers drafts 4 to 2020-12. Validators are cached per
// schema object, so a tool list fetched once validates many calls cheaply.
import { Validator } from '@cfworker/json-schema';

/** How many violations a message names. */
const VIOLATIONS_SHOWN = 3;

/** Keywords whose errors only say that something below them failed: the leaves say what. */
const WRAPPER_KEYWORDS = ['properties', 'items', 'allOf', 'anyOf', '$ref', 'additionalProperties'];

const validators = new WeakMap<object, Validator>();

function validatorFor(schema: object): Validator {
  let validator = validators.get(schema);
  if (validator === undefined) {
    // shortCircuit off: report every violation, the message shows the first few.
    validator = new Validator(schema, draftOf(schema), false);
    validators.set(schema, validator);
  }
  return validator;
}

function draftOf(schema: object): '4' | '7' | '2019-09' | '2020-12' {
  const declared = (schema as { $schema?: unknown }).$schema;
  if (typeof declared !== 'string') return '2020-12';
  if (declared.includes('draft-04')) return '4';
  if (declared.includes('draft-07') || declared.includes('draft-06')) return '7';
  if (declared.includes('2019-09')) return '2019-09';
  return '2020-12';
}

/**
 * Checks a value against a JSON Schema.
 *
 * @param schema The schema (draft from its `$schema`, else 2020-12).
 * @param value The value.
 * @returns `null` when the value matches, else the first violations as
 *   `instanceLocation: error; …` (the leaf errors, which say what is wrong).
 */
export function schemaViolations(schema: object, value: unknown): string | null {
  const outcome = validatorFor(schema).validate(value);
  if (outcome.valid) return null;
  const leaves = outcome.errors.filter((error) => !WRAPPER_KEYWORDS.includes(error.keyword));
  const shown = (leaves.length > 0 ? leaves : outcome.errors).slice(0, VIOLATIONS_SHOWN);
  return shown.map((error) => `${error.instanceLocation}: ${error.error}`).join('; ');
}
