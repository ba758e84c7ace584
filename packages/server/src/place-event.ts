import type { ChatMessage, ClientApi } from '@itmchat/protocol';

/**
 * What happens in a place, as every node's room applies it (`Room.apply`): the one currency of
 * fan-out, on one process and across a cluster alike. `session` is the session it came from,
 * the one member not told of it: not sent its own line back, nor its own arrival or departure.
 */
export type PlaceEvent =
  | { readonly kind: 'say'; readonly epoch: string; readonly message: ChatMessage; readonly session: string }
  | { readonly kind: 'join'; readonly nick: string; readonly session: string; readonly from?: string }
  | {
      readonly kind: 'leave';
      readonly nick: string;
      readonly session: string;
      readonly reason: ClientApi['userLeave']['reason'];
      readonly to?: string;
    }
  /** Someone is typing (a place's, or a private conversation's): never numbered, never stored. */
  | { readonly kind: 'typing'; readonly nick: string; readonly session: string }
  /** Someone went away (`away`: their message, '' for none) or came back (null); not numbered. */
  | { readonly kind: 'away'; readonly nick: string; readonly session: string; readonly away: string | null };
