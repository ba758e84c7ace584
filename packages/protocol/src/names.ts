import { NAME_MAX_LENGTH } from './limits.js';

/**
 * Nicks and place names share one rule: 1–24 letters, digits, `_`, `-` or `.`, in NFC,
 * with combining marks after the first character (so Devanagari, Thai or Tamil names
 * work). Anything else — spaces anywhere, zero-width or control characters, punctuation,
 * marks that draw nothing — is refused rather than silently cleaned, so what a visitor
 * typed is what others see.
 */
const NAME_PATTERN = /^[\p{L}\p{N}_.-][\p{L}\p{M}\p{N}_.-]*$/u;
/** Combining marks with no visible form: grapheme joiner, variation selectors. */
const INVISIBLE_MARKS = /[\u034F\u180B-\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;

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
  if (!NAME_PATTERN.test(name) || INVISIBLE_MARKS.test(name)) {
    return { ok: false, reason: 'may hold only letters, digits, "_", "-" and "."' };
  }
  return { ok: true, name, key: nameKey(name) };
}

/**
 * The identity of a name: compatibility-normalised and case-folded, so "Ana", "ANA" and
 * "ａｎａ" (full-width) are one nick. Uniqueness and look-ups always go through this key.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().normalize('NFKC');
}
