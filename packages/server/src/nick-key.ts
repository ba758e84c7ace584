import { checkName, nameKey, type NameCheck } from '@itmchat/protocol';
// Unicode's confusables.txt as a map from each character to its prototype (see README.md § Runtime dependencies).
import unhomoglyph from 'unhomoglyph';

/** Mapping rounds before giving up on a fixed point (real names settle in one or two). */
const MAX_ROUNDS = 4;
/**
 * Keys remembered, nick → key, least recently used first out: `-where is` keys everyone present
 * (a key costs ~5 µs), so the nicks online must stay in it; 50,000 is a few MB at most.
 */
const MEMO_MAX = 50_000;
const memo = new Map<string, string>();

/**
 * The UTS #39 skeleton of `text`: NFD, each character replaced by its prototype in Unicode's
 * confusables.txt, NFD again, repeated until nothing changes (a prototype can itself decompose
 * into characters that map further). Two strings with the same skeleton look alike. Case matters:
 * `I` maps to `l`, while `i` stays. Not for display: `m` becomes `rn`, `0` becomes `O`.
 */
export function skeleton(text: string): string {
  let current = text.normalize('NFD');
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const next = unhomoglyph(current).normalize('NFD');
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * The server's identity of a nick: what nick claims, uniqueness, `-where is` and every look-up
 * by nick compare. It starts from the protocol's `nameKey` (NFKC, lower case: `Ana` = `ANA` =
 * `ａｎａ`) and adds look-alikes: two nicks whose skeletons match are one nick, so Cyrillic
 * `аna` cannot sit beside `ana`. Nicks ignore case but are shown as typed, so a look-alike
 * counts in either case: the skeleton is taken of the upper-case key (`paypaI` = `paypal`,
 * Cyrillic `ВОВ` = `BOB`, `B0B` = `BOB`), lowered, and taken again for the lower-case look-alikes
 * (`rn` = `m`, Cyrillic `а` = `a`). The price: lower-case `i` and `l` count as one letter (as
 * `I` and `l` must), and `0`/`o`, `1`/`l`, `rn`/`m` too.
 *
 * The result is NFC, so a name with no look-alike letters keeps the key it always had (`ana`,
 * `zoé`): nick claims and session records an older server stored in Redis still match. Names
 * with such letters (`alice`, `tom`, most Greek and Cyrillic, all Hangul) get a new key.
 * A function of `nameKey` only, so nicks the protocol already counts as one stay one.
 */
export function nickKey(nick: string): string {
  let key = memo.get(nick);
  if (key === undefined) {
    const plain = nameKey(nick);
    key = skeleton(skeleton(plain.toUpperCase()).toLowerCase()).normalize('NFC');
    if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value!);
  } else {
    memo.delete(nick); // to the back: most recently used
  }
  memo.set(nick, key);
  return key;
}

/** `checkName` for a nick, with the server's key (`nickKey`) in place of the protocol's. */
export function checkNick(raw: string): NameCheck {
  const check = checkName(raw);
  return check.ok ? { ...check, key: nickKey(check.name) } : check;
}
