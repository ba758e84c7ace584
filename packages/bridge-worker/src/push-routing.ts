import { assertNever, type BridgeEvent, type ChatMessage, type PendingLine, type PushFrame, type ServerApi } from '@itmchat/protocol';
import type { OlderPages } from './older-pages.js';
import type { Outbox } from './outbox.js';
import type { PlaceView } from './place-view.js';
import type { PrivateTalk } from './private-talk.js';
import type { StoredSession } from './storage.js';

export interface PushRouterDeps {
  readonly session: () => StoredSession | null;
  readonly view: PlaceView;
  readonly private: PrivateTalk;
  readonly olderPages: OlderPages;
  /** Paced to the say rate the server's hello tells. */
  readonly outbox: Outbox;
  readonly emit: (event: BridgeEvent) => void;
}

/**
 * Where what the server pushes lands: the place's lines, gaps, presence and aways in the place
 * view, a private conversation's ("@…") in the private talk, history pieces with the scroll-back
 * call that waits. The visitor's own lines, once the server numbered them, land the same way.
 */
export class PushRouter {
  /** The server's longest say, from its hello: pages show a counter near it. */
  #textMaxLength: number | undefined;

  constructor(private readonly deps: PushRouterDeps) {}

  get textMaxLength(): number | undefined {
    return this.#textMaxLength;
  }

  route(frame: PushFrame): void {
    const { view } = this.deps;
    switch (frame.method) {
      case 'hello':
        this.#textMaxLength = frame.params.limits.textMaxLength;
        return this.deps.outbox.paceTo(frame.params.limits.sayRate);
      case 'userSay':
        return this.#addMessages(frame.params.place, frame.params.epoch, frame.params.messages);
      case 'gap':
        return frame.params.place.startsWith('@') ? this.deps.private.gap(frame.params) : view.gap(frame.params);
      case 'history':
        return this.deps.olderPages.piece(frame.params);
      case 'userAway':
        return view.awayChanged(frame.params);
      case 'userTyping':
        return this.deps.emit({ type: 'typing', ...frame.params });
      case 'userJoin':
      case 'userLeave':
        if (frame.params.place === this.deps.session()?.place) view.presence(frame.params, frame.method === 'userJoin' ? 'join' : 'leave');
        return;
      default:
        return assertNever(frame);
    }
  }

  /** The server numbered `line` of the visitor's: the message as the log keeps it, added to the place or the conversation. */
  numbered(said: ServerApi['say']['result'], line: PendingLine): ChatMessage {
    const { kind, to } = line;
    const message: ChatMessage = {
      seq: said.seq,
      at: said.at,
      nick: this.deps.session()?.nick ?? '',
      text: line.text,
      ...(to === undefined ? (kind ? { kind } : {}) : { kind: 'private', to }),
    };
    const log = this.deps.view.log;
    if (said.place === log?.place) this.#addMessages(said.place, log.epoch, [message], line.cid);
    if (to !== undefined && said.epoch) this.deps.private.add(said.place, said.epoch, [message], message.nick, line.cid);
    return message;
  }

  /** Messages of the place the visitor is in (of any other, they are not kept), or of a private conversation ("@…"). */
  #addMessages(place: string, epoch: string, incoming: readonly ChatMessage[], cid?: string): void {
    const self = this.deps.session();
    if (place === self?.place) this.deps.view.addMessages(place, epoch, incoming, cid);
    else if (place.startsWith('@')) this.deps.private.add(place, epoch, incoming, self?.nick ?? '', cid);
  }
}
