// A transport carries at most one protocol session at a time: two would both send `initialize`,
// number their requests from the same start, and take each other's answers. The claims live in
// one registry per JavaScript realm (on globalThis, under a registered symbol), so the ESM and
// the CommonJS build, or two copies of the package, still see each other's claims.

/**
 * A second protocol session was started on a transport that already carries one: a second
 * `mcpSession()` Observable, a second `toSdkTransport()`, or one of each on the same live
 * subject. The message says which one holds it and what to do instead.
 *
 * @example
 * ```ts
 * mcpSession(server$).subscribe({ error: (e) => e instanceof McpTransportInUseError && console.error(e.message) });
 * ```
 */
export class McpTransportInUseError extends Error {
  /** Always `'McpTransportInUseError'`, so the error can be told apart after serialization too. */
  override readonly name = 'McpTransportInUseError';
}

const REGISTRY = Symbol.for('rxjs-mcp-stdio.transportClaims');

function claims(): WeakMap<object, string> {
  const holder = globalThis as unknown as Record<symbol, WeakMap<object, string> | undefined>;
  holder[REGISTRY] ??= new WeakMap<object, string>();
  return holder[REGISTRY];
}

/**
 * Claims a transport for one protocol session.
 *
 * @param transport The transport (e.g. a `fromStdioServer()` subject).
 * @param who What claims it, e.g. `'an mcpSession()'`.
 * @param advice What to do instead when it is taken.
 * @returns Releases the claim (idempotent).
 * @throws McpTransportInUseError When another session holds the transport.
 */
export function claimTransport(transport: object, who: string, advice: string): () => void {
  const registry = claims();
  const holder = registry.get(transport);
  if (holder !== undefined) {
    throw new McpTransportInUseError(
      `This transport already carries ${holder}; ${who} cannot start a second MCP session on ` +
        `the same server (both would send initialize and their request ids would collide). ${advice}`,
    );
  }
  registry.set(transport, who);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (registry.get(transport) === who) registry.delete(transport);
  };
}
