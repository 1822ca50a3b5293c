/**
 * A tool's input schema as form fields, and the form's values back as arguments. Pure functions
 * (no Angular) so the mapping is one place: simple JSON Schema types get a typed input, `enum`
 * (or a `oneOf` of titled `const`s, as elicitation schemas write choices) a choice, anything else
 * (objects, arrays, unions) a JSON text area, so every tool stays callable. The same mapping
 * renders a server's elicitation request (`requestedSchema`), whose properties are simple types.
 */
import type { Tool } from 'rxjs-mcp-stdio/session';

/** The kind of input a field gets. */
export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'choice' | 'json';

/** One input of a tool's form. */
export interface ToolField {
  /** The argument's name. */
  readonly name: string;
  /** What the form calls it: the schema's `title`, else the name. */
  readonly title: string;
  /** Which input renders it. */
  readonly kind: FieldKind;
  /** Whether the schema lists it as required. */
  readonly required: boolean;
  /** The schema's description, if any. */
  readonly description: string;
  /** The choices of an `enum` (or of a `oneOf` of `const`s). */
  readonly choices: readonly string[];
  /** What each choice is shown as (its `title`, else the value), in the order of `choices`. */
  readonly choiceLabels: readonly string[];
  /** The value the form starts with (from the schema's `default`). */
  readonly initial: string | boolean;
}

/** A form's current values, by field name. */
export type FieldValues = Readonly<Record<string, string | boolean>>;

/** The arguments, or the first problem found. */
export type ArgumentsOrError = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

type JsonSchema = Record<string, unknown>;

const asRecord = (value: unknown): JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonSchema) : {};

/** The first non-null type of a property (`type` may be a list). */
function typeOf(property: JsonSchema): string | undefined {
  const type = property['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((t): t is string => typeof t === 'string' && t !== 'null');
  return undefined;
}

/** The `{ const, title? }` alternatives of a titled choice, or `null` when it is not one. */
function titledChoices(property: JsonSchema): { value: string; label: string }[] | null {
  const alternatives = property['oneOf'] ?? property['anyOf'];
  if (!Array.isArray(alternatives) || alternatives.length === 0) return null;
  const choices = alternatives.map(asRecord);
  if (!choices.every((choice) => 'const' in choice)) return null;
  return choices.map((choice) => ({
    value: String(choice['const']),
    label: typeof choice['title'] === 'string' ? choice['title'] : String(choice['const']),
  }));
}

/** The choices of a property (values and labels), or `null` when it has none. */
function choicesOf(property: JsonSchema): { value: string; label: string }[] | null {
  const values = property['enum'];
  if (Array.isArray(values)) {
    const names = Array.isArray(property['enumNames']) ? property['enumNames'] : [];
    return values.map((value, index) => ({
      value: String(value),
      label: typeof names[index] === 'string' ? names[index] : String(value),
    }));
  }
  return titledChoices(property);
}

function kindOf(property: JsonSchema): FieldKind {
  if (choicesOf(property) !== null) return 'choice';
  switch (typeOf(property)) {
    case 'string':
      return 'text';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

function initialOf(kind: FieldKind, fallback: unknown): string | boolean {
  if (kind === 'boolean') return fallback === true;
  if (fallback === undefined) return '';
  if (kind === 'json') return JSON.stringify(fallback);
  return String(fallback);
}

/** The fields of a tool's form, in the schema's property order. */
export function fieldsOf(schema: Tool['inputSchema']): ToolField[] {
  const properties = asRecord(schema.properties);
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(properties).map(([name, value]) => {
    const property = asRecord(value);
    const kind = kindOf(property);
    const choices = choicesOf(property) ?? [];
    const description = typeof property['description'] === 'string' ? property['description'] : '';
    return {
      name,
      title: typeof property['title'] === 'string' ? property['title'] : name,
      kind,
      required: required.has(name),
      description,
      choices: choices.map((choice) => choice.value),
      choiceLabels: choices.map((choice) => choice.label),
      initial: initialOf(kind, property['default']),
    };
  });
}

/** The values every field starts with. */
export function initialValues(fields: readonly ToolField[]): FieldValues {
  return Object.fromEntries(fields.map((field) => [field.name, field.initial]));
}

/** Turns the form's values into the tool's arguments; empty optional fields are left out. */
export function argumentsFrom(fields: readonly ToolField[], values: FieldValues): ArgumentsOrError {
  const args: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name] ?? field.initial;
    if (field.kind === 'boolean') {
      args[field.name] = value === true;
      continue;
    }
    const raw = String(value);
    const text = raw.trim();
    if (text === '') {
      if (field.required) return { ok: false, error: `${field.name} is required` };
      continue;
    }
    if (field.kind === 'number' || field.kind === 'integer') {
      const number = Number(text);
      if (!Number.isFinite(number) || (field.kind === 'integer' && !Number.isInteger(number))) {
        return {
          ok: false,
          error: `${field.name} must be ${field.kind === 'integer' ? 'an integer' : 'a number'}`,
        };
      }
      args[field.name] = number;
    } else if (field.kind === 'json') {
      try {
        args[field.name] = JSON.parse(text) as unknown;
      } catch {
        return { ok: false, error: `${field.name} must be JSON` };
      }
    } else {
      args[field.name] = raw;
    }
  }
  return { ok: true, args };
}
