/** What both conformance clients share: the bridge they run, and how they print a tool's result. */

/** The stdio bridge to run, as `CONFORMANCE_BRIDGE` gives it. */
export interface Bridge {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * Reads the bridge from `CONFORMANCE_BRIDGE` (JSON `{ command, args?, env? }`).
 *
 * @returns The bridge.
 * @throws When the variable is missing or malformed.
 */
export function bridgeFromEnvironment(): Bridge {
  const raw = process.env.CONFORMANCE_BRIDGE;
  const parsed = JSON.parse(raw ?? 'null') as Partial<Bridge> | null;
  if (parsed === null || typeof parsed.command !== 'string') {
    throw new Error('CONFORMANCE_BRIDGE must be JSON {"command": string, "args"?: string[], "env"?: object}');
  }
  return { command: parsed.command, args: parsed.args ?? [], env: parsed.env ?? {} };
}

/**
 * One line for a tool's result: its text, marked when the tool failed.
 *
 * @param result The result of `tools/call`.
 * @returns The line.
 */
export function describeResult(result: {
  content: { type: string; text?: string }[];
  isError?: boolean;
}): string {
  const text = result.content
    .map((block) => (block.type === 'text' ? block.text : `[${block.type}]`))
    .join(' ');
  return result.isError === true ? `error: ${text}` : text;
}
