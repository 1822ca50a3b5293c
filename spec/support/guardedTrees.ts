/**
 * What the host-exit guard holds now: the trees it would kill if this process exited. Its
 * registry is one per process under a versioned global key (shared by every copy of the
 * package), so a spec reads it there, as another copy would.
 */
export function guardedTrees(): ReadonlySet<{ killNow(): void }> {
  const registry = (globalThis as { [key: symbol]: { live: Set<{ killNow(): void }> } | undefined })[
    Symbol.for('rxjs-mcp-stdio/host-exit-guard@1')
  ];
  return registry?.live ?? new Set();
}
