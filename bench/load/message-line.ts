/** Bytes in every line said: `<sender> <counter> <ms> ` padded with text. */
export const LINE_LENGTH = 100;

const PADDING = 'the quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs. '.repeat(2);

/** A ~100-byte chat line carrying who sent it, its number for that sender, and when it was sent. */
export function makeLine(sender: number, counter: number, ts: number): string {
  const head = `${sender} ${counter} ${ts.toFixed(3)} `;
  return head + PADDING.slice(0, Math.max(0, LINE_LENGTH - head.length));
}

export interface ParsedLine {
  sender: number;
  counter: number;
  ts: number;
}

/** Reads a line made by `makeLine` into `out` (reused, so receiving allocates nothing here); false if it is not one. */
export function parseLine(text: string, out: ParsedLine): boolean {
  const a = text.indexOf(' ');
  const b = text.indexOf(' ', a + 1);
  const c = text.indexOf(' ', b + 1);
  if (a < 1 || b < 0 || c < 0) return false;
  out.sender = Number(text.slice(0, a));
  out.counter = Number(text.slice(a + 1, b));
  out.ts = Number(text.slice(b + 1, c));
  return Number.isInteger(out.sender) && Number.isInteger(out.counter) && Number.isFinite(out.ts);
}
