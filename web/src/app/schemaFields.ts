/**
 * A tool's input schema as form fields, and the form's values back as arguments. Pure functions
 * (no Angular) so the mapping is one place: simple JSON Schema types get a typed input, `enum`
 * a choice, anything else (objects, arrays, unions) a JSON text area, so every tool stays callable.
 */
import type { Tool } from 'rxjs-mcp-stdio/session';

/** The kind of input a field gets. */
export type FieldKind = 'text' | 'number' | 'integer' | 'boolean' | 'choice' | 'json';

/** One input of a tool's form. */
export interface ToolField {
  /** The argument's name. */
  readonly name: string;
  /** Which input renders it. */
  readonly kind: FieldKind;
  /** Whether the schema lists it as required. */
  readonly required: boolean;
  /** The schema's description, if any. */
  readonly description: string;
  /** The choices of an `enum`. */
  readonly choices: readonly string[];
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

function kindOf(property: JsonSchema): FieldKind {
  if (Array.isArray(property['enum'])) return 'choice';
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
    const choices = Array.isArray(property['enum']) ? property['enum'].map((choice) => String(choice)) : [];
    const description = typeof property['description'] === 'string' ? property['description'] : '';
    return {
      name,
      kind,
      required: required.has(name),
      description,
      choices,
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
