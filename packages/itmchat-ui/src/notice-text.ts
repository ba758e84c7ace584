import type { BridgeEvent, GapMark, PendingLine } from '@itmchat/protocol';
import { ENGLISH, fill, plural, type UiStrings } from './strings.js';
import type { UiError } from './types.js';

type Presence = Extract<BridgeEvent, { type: 'presence' }>;

/** Pure: "ana joined", "ana came from lobby", "ana went to kitchen", "ana left", "ana left (timed out)". */
export function presenceText(event: Pick<Presence, 'nick' | 'change' | 'from' | 'to' | 'reason'>, strings: UiStrings = ENGLISH): string {
  const { nick } = event;
  if (event.change === 'join')
    return event.from === undefined ? fill(strings.joined, { nick }) : fill(strings.cameFrom, { nick, place: event.from });
  if (event.to !== undefined) return fill(strings.wentTo, { nick, place: event.to });
  return fill(event.reason === 'timeout' ? strings.timedOut : strings.left, { nick });
}

/** Pure: "3 messages could not be recovered". */
export function gapText(gap: GapMark, strings: UiStrings = ENGLISH): string {
  return plural(strings, strings.lost, gap.to - gap.from + 1);
}

/** Pure: why a line the visitor said was not sent; `line` is unknown when the UI never saw it pending. */
export function droppedText(line: PendingLine | undefined, error: UiError, strings: UiStrings = ENGLISH): string {
  const reason = errorText(error, strings);
  return line === undefined ? fill(strings.notSent, { reason }) : fill(strings.notSentLine, { text: line.text, reason });
}

/** "bob is away: lunch", "bob is back". */
export function awayText(nick: string, away: string | null, strings: UiStrings = ENGLISH): string {
  if (away === null) return fill(strings.isBack, { nick });
  return away === '' ? fill(strings.isAway, { nick }) : fill(strings.isAwayWith, { nick, message: away });
}

/** "bob (away: lunch)": a nick as the lists show it, marked when away. */
export function nickWithAway(
  nick: string,
  away: readonly { readonly nick: string; readonly message: string }[],
  strings: UiStrings = ENGLISH,
): string {
  const entry = away.find((a) => a.nick === nick);
  if (!entry) return nick;
  return entry.message === '' ? fill(strings.awayMark, { nick }) : fill(strings.awayMarkWith, { nick, message: entry.message });
}

/** A refusal in the table's words when it has a sentence for its code; the server's own otherwise. */
export function errorText(error: UiError, strings: UiStrings = ENGLISH): string {
  return strings.errors[error.code] ?? error.message;
}
