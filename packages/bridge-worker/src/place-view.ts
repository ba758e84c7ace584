import type { BridgeEvent, ChatMessage, ClientApi, Note, PlacePosition, PlaceState } from '@itmchat/protocol';
import { addGap, addMessages, addNote, addOlder, emptyLog, lastSeq, type PlaceLog } from './place-log.js';

export interface PlaceViewDeps {
  /** Messages kept per place in the browser. */
  readonly logLimit: number;
  /** Writes the place's log to browser storage: its index, and the messages just `added`. */
  readonly save: (log: PlaceLog, added: readonly ChatMessage[]) => void;
  readonly emit: (event: BridgeEvent) => void;
  /** The log was replaced as a whole (a new epoch): the pages redraw from a snapshot. */
  readonly replaced: () => void;
  readonly now: () => number;
  readonly newId: () => string;
  /** Live messages of others came (not a backlog, not this browser's own lines): the browser may be told. */
  readonly live: (place: string, messages: readonly ChatMessage[]) => void;
}

/**
 * The place the visitor is in, as this browser holds it: its log (numbered, bounded, de-duplicated
 * by number, with the gaps the server told of) and who is there. What the server pushes about the
 * place lands here, is stored, and is told to the pages.
 */
export class PlaceView {
  log: PlaceLog | null = null;
  members: string[] = [];
  /** Who of the place is away, nick → message. */
  away = new Map<string, string>();
  /** The place's topic, as its state and its newest `topic` line say. */
  topic: string | undefined;
  /** The place's head when the visitor came in: numbers up to it are the catch-up, later ones live. */
  #liveAfter = 0;

  constructor(private readonly deps: PlaceViewDeps) {}

  /** Where this browser stands in the place, for a resume: the newest number held, or nothing. */
  position(): PlacePosition[] {
    return this.log ? [{ place: this.log.place, seq: lastSeq(this.log), epoch: this.log.epoch }] : [];
  }

  /** Let into `place` on a new link: the log held stays if it is of that place (a new epoch is met by the pushes that follow). */
  joined(place: PlaceState): void {
    if (this.log?.place !== place.name) this.log = emptyLog(place.name, place.epoch);
    this.members = [...place.members];
    this.topic = place.topic;
    this.away = new Map((place.away ?? []).map((a) => [a.nick, a.message]));
    this.#liveAfter = place.head;
  }

  /** Moved into `place`: the log this browser held of it, if of the same epoch, else a fresh one. */
  moved(place: PlaceState, held: PlaceLog | null): void {
    this.log = held?.place === place.name && held.epoch === place.epoch ? held : emptyLog(place.name, place.epoch);
    this.members = [...place.members];
    this.topic = place.topic;
    this.away = new Map((place.away ?? []).map((a) => [a.nick, a.message]));
    this.#liveAfter = place.head;
  }

  /** Someone of the place went away or came back: told to the pages, and noted in the log. */
  awayChanged({ place, nick, away }: ClientApi['userAway']): void {
    if (place !== this.log?.place) return;
    if (away === null) this.away.delete(nick);
    else this.away.set(nick, away);
    this.deps.emit({ type: 'away', place, nick, away });
    this.note({ kind: 'away', nick, away });
  }

  /** Older messages fetched for a page: stored when the log has room, never told as new. */
  addOlder(log: PlaceLog, incoming: readonly ChatMessage[]): void {
    if (this.log !== log) return;
    const { log: grown, added } = addOlder(log, incoming, this.deps.logLimit);
    if (added.length === 0) return;
    this.log = grown;
    this.deps.save(grown, added);
  }

  clear(): void {
    this.log = null;
    this.members = [];
    this.topic = undefined;
    this.away = new Map();
  }

  /** Adds numbered messages of `place` (in `epoch`); `cid` marks our own line, which pages settle by it. */
  addMessages(place: string, epoch: string, incoming: readonly ChatMessage[], cid?: string): void {
    const current = this.log && this.log.epoch === epoch ? this.log : emptyLog(place, epoch);
    const { log, added } = addMessages(current, incoming, this.deps.logLimit);
    this.log = log;
    if (added.length === 0) {
      // Our own line already held (the resume backlog brought it before the retry's answer): pages still need its cid to settle it.
      if (cid) this.deps.emit({ type: 'messages', place, messages: incoming.map((m) => ({ ...m, cid })) });
      return;
    }
    this.deps.save(log, added);
    const topic = added.findLast((m) => m.kind === 'topic');
    if (topic) this.topic = topic.text || undefined;
    const backlog = added.every((m) => m.seq <= this.#liveAfter);
    this.deps.emit({ type: 'messages', place, messages: cid ? added.map((m) => ({ ...m, cid })) : added, ...(backlog ? { backlog } : {}) });
    if (!backlog && !cid) this.deps.live(place, added);
  }

  /** The server could not send some numbers (trimmed), or its history restarted (a new epoch). */
  gap({ place, epoch, reason, missed }: ClientApi['gap']): void {
    if (place !== this.log?.place) return;
    if (reason === 'epoch') {
      // The server's history was wiped: what this browser holds of the place is void.
      this.log = emptyLog(place, epoch);
      this.deps.save(this.log, []);
      this.deps.replaced();
    } else if (missed) {
      this.log = addGap(this.log, missed);
      this.deps.save(this.log, []);
      this.deps.emit({ type: 'gap', place, gap: missed, reason });
    }
  }

  /** Someone came into the place or left it: the member list changes, and the log notes it. */
  presence(params: ClientApi['userJoin'] | ClientApi['userLeave'], change: 'join' | 'leave'): void {
    this.members = this.members.filter((m) => m !== params.nick);
    if (change === 'join') this.members.push(params.nick);
    this.deps.emit({ type: 'presence', ...params, change });
    const { place: _place, ...about } = params;
    this.note({ kind: 'presence', ...about, change });
  }

  /** Adds a note to the current place's log, stores it and tells the pages; nothing without a place. */
  note(note: Note): void {
    const log = this.log;
    if (!log) return;
    const mark = { id: this.deps.newId(), at: this.deps.now(), afterSeq: lastSeq(log), note };
    this.log = addNote(log, mark);
    this.deps.save(this.log, []);
    this.deps.emit({ type: 'note', place: log.place, mark });
  }
}
