/**
 * The middle value (mean of the two middle ones for an even count); NaN for none. Values that are
 * not finite numbers are skipped: NaN crosses IPC as JSON null.
 */
export function median(values: readonly (number | null)[]): number {
  const sorted = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
