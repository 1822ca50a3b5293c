/**
 * The restart policy as data plus one pure function: the delay before a restart. Kept apart from
 * the supervisor so the arithmetic (backoff, cap, jitter) is testable without any timer.
 */

/**
 * When and how often a crashed server is started again. Every field is optional.
 *
 * @example
 * ```ts
 * mcpHost(config, { restart: { maxRestarts: 3, initialDelay: 500, random: () => 0.5 } });
 * ```
 */
export interface McpRestartPolicy {
  /** Restarts in a row before the server is `failed`. Default 5; 0 never restarts. */
  maxRestarts?: number;
  /** Milliseconds before the first restart. Default 1000. */
  initialDelay?: number;
  /** Each further restart waits this many times longer. Default 2. */
  factor?: number;
  /** The longest wait, in milliseconds. Default 30 000. */
  maxDelay?: number;
  /**
   * How much a delay varies at random, as a fraction: 0.2 spreads it over ±20 %, so servers that
   * crashed together do not restart together. Default 0.2.
   */
  jitter?: number;
  /** The source of randomness for the jitter, in [0, 1). Default `Math.random` (inject for tests). */
  random?: () => number;
  /**
   * Milliseconds a server must stay ready for its restart count to start from zero again.
   * Default 60 000.
   */
  resetAfter?: number;
}

/** The policy with every default filled in. */
export type ResolvedRestartPolicy = Required<McpRestartPolicy>;

/** The defaults of `McpRestartPolicy`. */
export const DEFAULT_RESTART_POLICY: Readonly<ResolvedRestartPolicy> = {
  maxRestarts: 5,
  initialDelay: 1000,
  factor: 2,
  maxDelay: 30_000,
  jitter: 0.2,
  random: Math.random,
  resetAfter: 60_000,
};

/**
 * Fills in the defaults.
 *
 * @param policy The policy given.
 * @returns Every field set.
 */
export function resolveRestartPolicy(policy: McpRestartPolicy = {}): ResolvedRestartPolicy {
  const resolved: ResolvedRestartPolicy = { ...DEFAULT_RESTART_POLICY };
  for (const [key, value] of Object.entries(policy) as [keyof McpRestartPolicy, unknown][]) {
    if (value !== undefined) Object.assign(resolved, { [key]: value });
  }
  return resolved;
}

/**
 * The wait before restart number `attempt` (1 for the first): `initialDelay × factor^(attempt-1)`,
 * capped at `maxDelay`, then spread by the jitter, rounded to whole milliseconds, never negative.
 *
 * @param policy The resolved policy.
 * @param attempt The restart's number, from 1.
 * @returns Milliseconds.
 */
export function restartDelay(policy: ResolvedRestartPolicy, attempt: number): number {
  const base = Math.min(policy.maxDelay, policy.initialDelay * policy.factor ** (attempt - 1));
  const spread = policy.jitter * (2 * policy.random() - 1);
  return Math.max(0, Math.round(base * (1 + spread)));
}
