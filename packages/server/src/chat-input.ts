import { checkName, ErrorCode, lengthOf, nameKey, type PlacePosition, type Position } from '@itmchat/protocol';
import { ChatError } from './chat-error.js';

/** A place is addressed by its key, which must itself be a valid name ("½" folds to "1⁄2", which is not). */
export function placeName(raw: string): string {
  const check = checkName(raw);
  if (!check.ok) throw new ChatError(ErrorCode.InvalidPlace, `place name ${check.reason}`);
  const key = checkName(check.key);
  if (!key.ok || key.name !== check.key) {
    throw new ChatError(ErrorCode.InvalidPlace, `place name "${raw}" has no valid plain form; use letters and digits`);
  }
  return check.key;
}

/** The position a client says it holds in `place`, if it gave one. */
export function positionIn(since: readonly PlacePosition[] | undefined, place: string): Position | undefined {
  const held = since?.find((p) => nameKey(p.place) === place);
  return held && { seq: held.seq, epoch: held.epoch };
}

/** Refuses an empty line, or one longer than `max` characters (code points, not UTF-16 units). */
export function checkSayText(text: string, max: number): void {
  if (text.trim() === '') throw new ChatError(ErrorCode.EmptyText, 'say something: the text is empty');
  if (lengthOf(text) > max) throw new ChatError(ErrorCode.TextTooLong, `text is longer than ${max} characters`);
}
