import { BridgeErrorCode, CallError, HISTORY_PAGE_MAX, type ChatMessage, type ClientApi, type OlderPage } from '@itmchat/protocol';
import { heldBefore } from './place-log.js';
import type { PlaceView } from './place-view.js';
import type { ServerLink } from './server-link.js';

export interface OlderPagesDeps {
  readonly view: PlaceView;
  /** The server link while joined; null otherwise. */
  readonly link: () => ServerLink | null;
}

/**
 * Scrolling back: a page asks for the messages before the oldest it shows. They come from this
 * browser's log where it holds them, else from the server's `history` call (its pieces arrive as
 * pushes before its reply), and those are kept in the log while it has room. One server call at
 * a time: the pieces on the socket then belong to the call that waits.
 */
export class OlderPages {
  #pieces: ClientApi['history'][] | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: OlderPagesDeps) {}

  /** A piece of the history call that waits (any other is stale and dropped). */
  piece(params: ClientApi['history']): void {
    this.#pieces?.push(params);
  }

  older(place: string, before: number): Promise<OlderPage> {
    const log = this.deps.view.log;
    if (!log || log.place !== place) return Promise.reject(new CallError(BridgeErrorCode.NotJoined, `not in ${place} any more`));
    const held = heldBefore(log, before, HISTORY_PAGE_MAX);
    const first = held.messages[0]?.seq;
    if (first !== undefined) return Promise.resolve({ place, ...held, more: first > 1 });
    const next = this.#queue.then(() => this.#fetch(place, before));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #fetch(place: string, before: number): Promise<OlderPage> {
    const link = this.deps.link();
    if (!link) throw new CallError(BridgeErrorCode.Offline, 'the chat is reconnecting; try again in a moment');
    const log = this.deps.view.log;
    this.#pieces = [];
    try {
      const page = await link.call('history', { before });
      const pieces = this.#pieces;
      // Moved, or the place's history restarted meanwhile: these numbers mean nothing to the page.
      if (!log || page.place !== place || page.epoch !== log.epoch) return { place, messages: [], gaps: [], notes: [], more: false };
      const messages: ChatMessage[] = pieces
        .filter((p) => p.place === page.place && p.epoch === page.epoch)
        .flatMap((p) => p.messages)
        .filter((m) => m.seq >= page.from && m.seq <= page.to && m.seq < before);
      this.deps.view.addOlder(log, messages);
      return { place, messages, gaps: [], notes: [], more: page.from <= page.to && page.from > page.oldest };
    } finally {
      this.#pieces = null;
    }
  }
}
