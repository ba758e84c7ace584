import type { BridgeEvent, GapMark, PendingLine } from '@itmchat/protocol';
import { count } from './describe-result.js';
import type { UiError } from './types.js';

type Presence = Extract<BridgeEvent, { type: 'presence' }>;

/** Pure: "ana joined", "ana came from lobby", "ana went to kitchen", "ana left", "ana left (timed out)". */
export function presenceText(event: Pick<Presence, 'nick' | 'change' | 'from' | 'to' | 'reason'>): string {
  if (event.change === 'join') return event.from === undefined ? `${event.nick} joined` : `${event.nick} came from ${event.from}`;
  if (event.to !== undefined) return `${event.nick} went to ${event.to}`;
  return event.reason === 'timeout' ? `${event.nick} left (timed out)` : `${event.nick} left`;
}

/** Pure: "3 messages could not be recovered". */
export function gapText(gap: GapMark): string {
  return `${count(gap.to - gap.from + 1, 'message', 'messages')} could not be recovered`;
}

/** Pure: why a line the visitor said was not sent; `line` is unknown when the UI never saw it pending. */
export function droppedText(line: PendingLine | undefined, error: UiError): string {
  return line === undefined ? `not sent: ${error.message}` : `not sent: “${line.text}” (${error.message})`;
}
