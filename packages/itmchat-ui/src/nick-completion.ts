/** Where a Tab completion stands, so a second Tab offers the next nick that fits. */
export interface Completion {
  readonly prefix: string;
  readonly start: number;
  readonly index: number;
  /** The field's text as this completion left it: anything typed since starts a new one. */
  readonly value: string;
}

/**
 * Tab in the line field: the word before the cursor becomes the next nick of `nicks` it begins
 * (case aside), cycling on each Tab; followed by ": " when it starts the line, else by a space.
 * Null when no nick fits (Tab then moves the focus, as everywhere).
 */
export function completeNick(
  value: string,
  cursor: number,
  nicks: readonly string[],
  previous: Completion | null,
): { readonly value: string; readonly cursor: number; readonly completion: Completion } | null {
  const again = previous !== null && previous.value === value;
  const start = again ? previous.start : value.slice(0, cursor).search(/\S*$/u);
  const prefix = again ? previous.prefix : value.slice(start, cursor);
  if (prefix === '' || /^[-/]/u.test(prefix)) return null;
  const wanted = prefix.toLocaleLowerCase();
  const fits = [...new Set(nicks)].filter((nick) => nick.toLocaleLowerCase().startsWith(wanted)).sort((a, b) => a.localeCompare(b));
  if (fits.length === 0) return null;
  const index = again ? (previous.index + 1) % fits.length : 0;
  const suffix = start === 0 ? ': ' : ' ';
  const completed = `${value.slice(0, start)}${fits[index]}${suffix}`;
  const next = completed + value.slice(cursor);
  return { value: next, cursor: completed.length, completion: { prefix, start, index, value: next } };
}
