import { expect } from 'chai';
import { decode } from '@itmchat/protocol';
import { PlaceFeeds } from '../src/backplane/place-feeds.js';
import type { PlaceEvent } from '../src/place-event.js';
import { silentLogger } from '../src/logger.js';
import type { Peer } from '../src/peer.js';
import type { FrameData } from '../src/push.js';
import { Room } from '../src/room.js';
import { Session } from '../src/session.js';
import { MemoryStore } from '../src/store/memory-store.js';

/** Each test visitor's session id, so an event can name the session it came from. */
const sessionOf = (nick: string): string => `session-${nick}`;

/** A member whose pushes are decoded and kept. */
function member(room: Room, nick: string): { seqs: () => number[]; frames: () => number } {
  const pushed: string[] = [];
  const session = new Session(nick, nick, room.name, sessionOf(nick));
  const peer: Peer = {
    session,
    ip: '127.0.0.1',
    push: (data: FrameData) => pushed.push(data.toString()),
    catchUp: () => {},
    sendPaced: async () => {},
    close: () => {},
  };
  session.peer = peer;
  room.members.set(session.key, session);
  const says = () =>
    pushed
      .map((text) => decode(text, 'server'))
      .flatMap((d) => (d.ok && d.frame.type === 'push' && d.frame.method === 'userSay' ? [d.frame.params] : []));
  return { seqs: () => says().flatMap((p) => p.messages.map((m) => m.seq)), frames: () => says().length };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('PlaceFeeds (fan-out order on a cluster node)', () => {
  let store: MemoryStore;
  let epoch: string;
  const restarted: Room[] = [];
  const rooms = new Map<string, Room>();
  let feeds: PlaceFeeds;
  const say = (seq: number, author = 'bob', ofEpoch = epoch): PlaceEvent => ({
    kind: 'say',
    epoch: ofEpoch,
    message: { seq, at: seq, nick: author, text: `m${seq}` },
    session: sessionOf(author),
  });

  beforeEach(async () => {
    store = new MemoryStore({ historyLimit: 100 });
    epoch = (await store.ensurePlace('lobby')).epoch;
    for (let i = 1; i <= 5; i++) await store.append([{ place: 'lobby', nick: 'bob', author: 'bob', cid: `c${i}`, text: `m${i}`, at: i }]);
    restarted.length = 0;
    rooms.clear();
    feeds = new PlaceFeeds(
      store,
      {
        // As the chat does: the room applies each event; says go out at the end of the turn.
        deliver: (place, event) => {
          const room = rooms.get(place)!;
          room.apply(event);
          setImmediate(() => room.flush());
        },
        restarted: (place, record) => {
          const room = rooms.get(place)!;
          room.restart(record.epoch, record.head, record.topic);
          restarted.push(room);
        },
        sessionOf: (place, nickKey) => rooms.get(place)?.members.get(nickKey)?.id ?? '',
      },
      silentLogger,
    );
  });

  /** The room is loaded here: the feed starts where it stands. */
  const opened = (room: Room): void => {
    rooms.set(room.name, room);
    feeds.opened(room.name, { epoch: room.epoch, head: room.latest });
  };

  it('holds what arrives while the room loads, drops what the head covers, then sends the rest in one frame', async () => {
    feeds.open('lobby');
    feeds.receive('lobby', say(4));
    feeds.receive('lobby', say(5));
    const room = new Room('lobby', epoch, 4);
    const ana = member(room, 'ana');
    opened(room);
    feeds.receive('lobby', say(6));
    await turn();
    expect(ana.seqs()).to.deep.equal([5, 6]);
    expect(ana.frames()).to.equal(1);
  });

  it('drops a repeat, and does not send authors their own lines', async () => {
    feeds.open('lobby');
    const room = new Room('lobby', epoch, 5);
    const ana = member(room, 'ana');
    const bob = member(room, 'bob');
    opened(room);
    feeds.receive('lobby', say(6, 'bob'));
    feeds.receive('lobby', say(6, 'bob'));
    feeds.receive('lobby', say(7, 'ana'));
    await turn();
    expect(ana.seqs()).to.deep.equal([6]);
    expect(bob.seqs()).to.deep.equal([7]);
  });

  it('fills a hole from the store before sending anything later', async () => {
    feeds.open('lobby');
    const room = new Room('lobby', epoch, 2);
    const ana = member(room, 'ana');
    opened(room);
    await store.append([{ place: 'lobby', nick: 'bob', author: 'bob', cid: 'c6', text: 'm6', at: 6 }]);
    feeds.receive('lobby', say(6)); // 3, 4, 5 never came through pub/sub
    feeds.receive('lobby', say(7));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ana.seqs()).to.deep.equal([3, 4, 5, 6, 7]);
  });

  it('on a new epoch, restarts the room and asks its members to resume', async () => {
    feeds.open('lobby');
    const room = new Room('lobby', 'old-epoch', 5);
    member(room, 'ana');
    opened(room);
    feeds.receive('lobby', say(1, 'bob', 'brand-new'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(restarted).to.deep.equal([room]);
    expect(room.epoch).to.equal(epoch);
  });
});
