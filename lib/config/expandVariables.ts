/**
 * `${env:NAME}` expansion, the way VS Code does it in `mcp.json`, as a pure function of the
 * variables given (no `process.env` here, so it runs in a browser too). Other `${…}` forms (VS
 * Code's `${input:…}`, `${workspaceFolder}`) are left as written.
 */

/** The variables to expand from, e.g. `process.env`. */
export type McpConfigVariables = Readonly<Record<string, string | undefined>>;

const ENV_REFERENCE = /\$\{env:([^}]*)\}/g;

/**
 * Replaces each `${env:NAME}` in `text` with the variable's value.
 *
 * @param text The text.
 * @param variables The variables.
 * @returns The text expanded, or the names of the variables that are not set (in order, once each).
 */
export function expandVariables(
  text: string,
  variables: McpConfigVariables,
): {
  /** The text with every variable that is set replaced by its value. */
  text: string;
  /** The names of the variables that are not set, in order, once each. */
  missing: string[];
} {
  const missing: string[] = [];
  const expanded = text.replace(ENV_REFERENCE, (reference, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined;
    if (value !== undefined) return value;
    if (!missing.includes(name)) missing.push(name);
    return reference;
  });
  return { text: expanded, missing };
}
