import { NAME_MAX_LENGTH, NAME_MAX_UNITS } from './limits.js';

/**
 * Nicks and place names share one rule: 1–24 letters, digits, `_`, `-` or `.`, in NFC,
 * with combining marks after the first character (so Devanagari, Thai or Tamil names
 * work). Anything else — spaces anywhere, zero-width or control characters, punctuation,
 * marks that draw nothing — is refused rather than silently cleaned, so what a visitor
 * typed is what others see.
 */
const NAME_PATTERN = /^[\p{L}\p{N}_.-][\p{L}\p{M}\p{N}_.-]*$/u;
/**
 * Letters and marks that draw nothing, so "ana" and "ana" + one of them look the same, and a
 * name of only them looks blank: every Default_Ignorable_Code_Point (the Hangul fillers U+115F,
 * U+1160, U+3164 and U+FFA0, the Khmer inherent vowels U+17B4–U+17B5, the grapheme joiner,
 * variation selectors, …), plus U+16FE4 KHITAN SMALL SCRIPT FILLER, a mark that is not
 * default-ignorable but draws nothing either. (Blank-looking symbols such as U+2800 BRAILLE
 * PATTERN BLANK, and format characters, are not letters, digits or marks: NAME_PATTERN refuses them.)
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u{16FE4}]/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters as a reader counts them: a letter with its combining marks is one. */
function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

export type NameCheck =
  | { readonly ok: true; readonly name: string; readonly key: string }
  | { readonly ok: false; readonly reason: string };

export function checkName(raw: string): NameCheck {
  const name = raw.normalize('NFC');
  const length = graphemeCount(name);
  if (length === 0) return { ok: false, reason: 'must not be empty' };
  if (length > NAME_MAX_LENGTH) return { ok: false, reason: `must be at most ${NAME_MAX_LENGTH} characters` };
  if (name.length > NAME_MAX_UNITS) return { ok: false, reason: `must be at most ${NAME_MAX_UNITS} UTF-16 code units` };
  if (!NAME_PATTERN.test(name)) return { ok: false, reason: 'may hold only letters, digits, "_", "-" and "."' };
  if (INVISIBLE.test(name)) return { ok: false, reason: 'must not hold invisible characters' };
  return { ok: true, name, key: nameKey(name) };
}

/**
 * The identity of a name: compatibility-normalised and case-folded, so "Ana", "ANA" and
 * "ａｎａ" (full-width) are one nick. Uniqueness and look-ups always go through this key; for
 * nicks the server goes further and compares the confusable skeleton of it, so Cyrillic "аna"
 * is "ana" too (`nickKey` in packages/server/src/nick-key.ts, kept out of this package).
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/** Whether `nick` is among `nicks` by name key ("Bob" is "bob"): the one test of -ignore, in the worker and the page. */
export function isIgnored(nicks: readonly string[], nick: string): boolean {
  const key = nameKey(nick);
  return nicks.some((n) => nameKey(n) === key);
}

/** Characters as the server counts a text's length: code points, not UTF-16 units. */
export function lengthOf(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
