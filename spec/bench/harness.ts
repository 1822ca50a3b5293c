import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** The contenders, in the order they run within a round (A B C A B C …). */
export const CONTENDERS = ['raw', 'sdk', 'ours'] as const;
export type ContenderId = (typeof CONTENDERS)[number];

export const CONTENDER_LABELS: Record<ContenderId, string> = {
  raw: 'raw Node pipe',
  sdk: 'SDK StdioClientTransport',
  ours: 'rxjs-mcp-stdio',
};

/** A full garbage collection between measurements, so one contender's garbage is not another's cost. */
export const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  return typeof gc === 'function' ? () => (gc as () => void)() : () => undefined;
})();

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The median of the ratios `a[i] / b[i]` of measurements taken in the same round: each pair ran
 * back to back, so a slow patch of the machine affects both sides of a pair.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i]) && b[i] !== 0) ratios.push(a[i] / b[i]);
  }
  return median(ratios);
}

/** The median of the differences `a[i] - b[i]`, pair by pair. */
export function pairedDifference(a: readonly number[], b: readonly number[]): number {
  const differences: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i])) differences.push(a[i] - b[i]);
  }
  return median(differences);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects with `message` if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (no answer within ${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface InterleaveOptions {
  /** The contenders, in order. Default: all. */
  contenders?: readonly ContenderId[];
  /** One unrecorded pass first (default true); skipped for contenders limited by `roundsOf`. */
  warmUp?: boolean;
  /** Fewer rounds for some contenders (those too slow to repeat); they run in the first rounds. */
  roundsOf?: Partial<Record<ContenderId, number>>;
}

/**
 * Runs `measure` for every contender in turn, `rounds` times (A B C A B C …), after one
 * unrecorded warm-up pass. A failed measurement is recorded as NaN and its reason kept.
 */
export async function interleave(
  rounds: number,
  measure: (contender: ContenderId, round: number) => Promise<number>,
  options: InterleaveOptions = {},
): Promise<{ samples: Record<ContenderId, number[]>; failures: string[] }> {
  const contenders = options.contenders ?? CONTENDERS;
  const roundsOf = (contender: ContenderId): number =>
    Math.min(rounds, options.roundsOf?.[contender] ?? rounds);
  const samples = { raw: [], sdk: [], ours: [] } as Record<ContenderId, number[]>;
  const failures: string[] = [];
  const run = async (contender: ContenderId, round: number): Promise<number> => {
    collectGarbage();
    try {
      return await measure(contender, round);
    } catch (error) {
      failures.push(`${contender}: ${errorText(error)}`);
      return Number.NaN;
    }
  };
  if (options.warmUp !== false) {
    for (const contender of contenders) if (roundsOf(contender) === rounds) await run(contender, -1);
  }
  for (let round = 0; round < rounds; round++) {
    for (const contender of contenders) {
      if (round < roundsOf(contender)) samples[contender].push(await run(contender, round));
    }
  }
  return { samples, failures };
}
