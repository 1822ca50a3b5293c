// How a call and a task card turn a progress notification into the bar's percentage.

/**
 * A progress notification as a percentage: 0..100, rounded, or `null` while the total is unknown
 * (absent or not positive).
 *
 * @param progress The latest progress, or `null` before the first.
 * @returns The percentage, or `null`.
 */
export function progressPercent(
  progress: { progress: number; total?: number | undefined } | null,
): number | null {
  if (progress?.total === undefined || progress.total <= 0) return null;
  return Math.min(100, Math.round((progress.progress / progress.total) * 100));
}
