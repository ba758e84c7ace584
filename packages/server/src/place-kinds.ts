import type { ConversationState } from '@itmchat/protocol';
import type { PlaceListener } from './backplane/place-bus.js';
import type { PlaceEvent } from './place-event.js';
import type { PlaceRecord } from './store/store.js';
import { isConversation } from './visitor-id.js';

/**
 * The one listener of the place bus, for two sets of rooms: places, and private conversations
 * (whose names start with "@"). Each event goes to the set its place belongs to.
 */
export function byPlaceKind(places: PlaceListener, conversations: PlaceListener): PlaceListener {
  const of = (place: string) => (isConversation(place) ? conversations : places);
  return {
    deliver: (place: string, event: PlaceEvent) => of(place).deliver(place, event),
    restarted: (place: string, record: PlaceRecord) => of(place).restarted(place, record),
    sessionOf: (place: string, nickKey: string) => of(place).sessionOf(place, nickKey),
  };
}

/** The `conversations` field of a join's reply: absent when there are none, as an older server sends. */
export function listed(conversations: readonly ConversationState[]): { conversations?: readonly ConversationState[] } {
  return conversations.length > 0 ? { conversations } : {};
}
