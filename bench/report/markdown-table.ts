/** A GitHub Markdown table; numbers are right-aligned, text left. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const rule = header.map((_, i) => (rightAligned[i] ? '---:' : ':---'));
  return [header, rule, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 123,456 */
export function int(value: number): string {
  return Number.isFinite(value) ? integer.format(value) : '–';
}

/** Fixed decimals, or a dash for NaN. */
export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** A ratio such as 0.42×. */
export function ratio(value: number, reference: number | undefined): string {
  return reference !== undefined && Number.isFinite(value) && Number.isFinite(reference) && reference > 0
    ? `${(value / reference).toFixed(2)}×`
    : '–';
}

/** A share of one core as a percentage. */
export function percent(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)} %` : '–';
}
