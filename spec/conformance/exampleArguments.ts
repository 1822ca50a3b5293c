/**
 * What a generic client fills a tool's form with when nobody types anything: each property's
 * `default`, else its first `enum` value, else a plain value of its type. Both conformance
 * clients call every listed tool with these arguments, whatever the scenario.
 */

/** A plain value for each JSON Schema type a tool argument may have. */
const BY_TYPE: Record<string, unknown> = {
  string: 'example',
  number: 1,
  integer: 1,
  boolean: true,
  array: [],
  object: {},
  null: null,
};

/**
 * The arguments for a tool, from its `inputSchema`.
 *
 * @param inputSchema The tool's input schema (an object schema).
 * @returns One value per declared property.
 */
export function exampleArguments(inputSchema: {
  properties?: Record<string, unknown>;
}): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(inputSchema.properties ?? {})) {
    const schema = (typeof property === 'object' && property !== null ? property : {}) as {
      default?: unknown;
      enum?: unknown[];
      type?: string | string[];
    };
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (schema.default !== undefined) args[name] = schema.default;
    else if (Array.isArray(schema.enum) && schema.enum.length > 0) args[name] = schema.enum[0];
    else args[name] = BY_TYPE[type ?? 'string'] ?? BY_TYPE.string;
  }
  return args;
}
