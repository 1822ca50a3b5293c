import type { McpSessionOptions } from './McpSessionOptions.js';
import type { ClientCapabilities } from './McpTypes.js';

/**
 * The capabilities a session declares: what its options provide (`roots` with `listChanged`,
 * `sampling`, `elicitation` in form mode with `applyDefaults`), with `options.capabilities`
 * merged over them.
 *
 * @param options The session's options.
 * @returns The `capabilities` of `initialize`.
 */
export function clientCapabilities(options: McpSessionOptions): ClientCapabilities {
  return {
    ...(options.roots === undefined ? {} : { roots: { listChanged: true } }),
    ...(options.sampling === undefined ? {} : { sampling: {} }),
    ...(options.elicitation === undefined ? {} : { elicitation: { form: { applyDefaults: true } } }),
    ...options.capabilities,
  };
}
