import { mergeBySeq } from '@itmchat/bridge-worker';
import { assertNever, SNAPSHOT_MESSAGES, SNAPSHOT_PRIVATE_LINES, type BridgeEvent, type Snapshot } from '@itmchat/protocol';

/** Notes a page keeps of its place, as the worker does. */
const NOTES_SHOWN = 50;

/** Keeps a page's snapshot current from the worker's events. Pure. */
export function applyEvent(snapshot: Snapshot, event: BridgeEvent): Snapshot {
  switch (event.type) {
    case 'snapshot':
      return event.snapshot;
    case 'state':
      return { ...snapshot, state: event.state, nick: event.nick, place: event.place };
    case 'messages': {
      if (event.place !== snapshot.place) return snapshot;
      const incoming = event.messages.map(({ cid: _cid, ...m }) => m);
      const cids = new Set(event.messages.map((m) => m.cid));
      const topic = incoming.findLast((m) => m.kind === 'topic');
      const { topic: _topic, ...rest } = snapshot;
      return {
        ...(topic ? (topic.text ? { ...rest, topic: topic.text } : rest) : snapshot),
        messages: mergeBySeq(snapshot.messages, incoming).merged.slice(-SNAPSHOT_MESSAGES),
        pending: snapshot.pending.filter((p) => !cids.has(p.cid)),
      };
    }
    case 'private': {
      const incoming = event.messages.map(({ cid: _cid, ...m }) => m);
      const cids = new Set(event.messages.map((m) => m.cid));
      const conversations = snapshot.conversations ?? [];
      const held = conversations.find((c) => c.id === event.conversation);
      const messages = mergeBySeq(held?.messages ?? [], incoming).merged.slice(-SNAPSHOT_PRIVATE_LINES);
      return {
        ...snapshot,
        conversations: [{ id: event.conversation, with: event.with, messages }, ...conversations.filter((c) => c !== held)],
        pending: snapshot.pending.filter((p) => !cids.has(p.cid)),
      };
    }
    case 'away': {
      if (event.place !== snapshot.place) return snapshot;
      const others = (snapshot.away ?? []).filter((a) => a.nick !== event.nick);
      return { ...snapshot, away: event.away === null ? others : [...others, { nick: event.nick, message: event.away }] };
    }
    case 'ignored':
      return { ...snapshot, ignored: event.nicks };
    case 'pending':
      return { ...snapshot, pending: [...snapshot.pending, event.line] };
    case 'dropped':
      return { ...snapshot, pending: snapshot.pending.filter((p) => p.cid !== event.cid) };
    case 'presence': {
      if (event.place !== snapshot.place) return snapshot;
      const others = snapshot.members.filter((m) => m !== event.nick);
      return { ...snapshot, members: event.change === 'join' ? [...others, event.nick] : others };
    }
    case 'gap':
      return event.place === snapshot.place ? { ...snapshot, gaps: [...snapshot.gaps, event.gap] } : snapshot;
    case 'note':
      return event.place === snapshot.place
        ? { ...snapshot, notes: [...(snapshot.notes ?? []), event.mark].slice(-NOTES_SHOWN) }
        : snapshot;
    case 'unread':
      return { ...snapshot, unread: event.count };
    case 'alert':
    case 'typing':
    case 'notice':
    case 'log':
      return snapshot;
    default:
      return assertNever(event);
  }
}
