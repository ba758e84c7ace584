import { expect } from 'chai';
import { decode, type PushFrame } from '@itmchat/protocol';
import type { Peer } from '../src/peer.js';
import type { PlaceEvent } from '../src/place-event.js';
import type { FrameData } from '../src/push.js';
import { Room } from '../src/room.js';
import { Session } from '../src/session.js';

/** A member of `room` whose pushes are decoded and kept, in order. */
function member(room: Room, nick: string, id = `session-${nick}`): { session: Session; pushes: PushFrame[] } {
  const pushes: PushFrame[] = [];
  const session = new Session(nick, nick.toLowerCase(), room.name, id);
  const peer: Peer = {
    session,
    ip: '127.0.0.1',
    push: (data: FrameData) => {
      const decoded = decode(data.toString(), 'server');
      if (!decoded.ok || decoded.frame.type !== 'push') throw new Error(`not a push: ${data.toString()}`);
      pushes.push(decoded.frame);
    },
    catchUp: () => {},
    sendPaced: async () => {},
    close: () => {},
  };
  session.peer = peer;
  room.members.set(session.key, session);
  return { session, pushes };
}

const say = (seq: number, session: string, nick = 'Someone', epoch = 'e1'): PlaceEvent => ({
  kind: 'say',
  epoch,
  message: { seq, at: 1_000 + seq, nick, text: `line ${seq}` },
  session,
});

/** What a member saw, in order: "say 1,2", "join Ana", "leave Bob moved kitchen". */
const seen = (pushes: readonly PushFrame[]): string[] =>
  pushes.map((push) => {
    switch (push.method) {
      case 'userSay':
        return `say ${push.params.messages.map((m) => m.seq).join(',')}`;
      case 'userJoin':
        return `join ${push.params.nick}${push.params.from ? ` from ${push.params.from}` : ''}`;
      case 'userLeave':
        return `leave ${push.params.nick} ${push.params.reason}${push.params.to ? ` ${push.params.to}` : ''}`;
      default:
        return push.method;
    }
  });

describe('Room.apply (the one place where place events become frames)', () => {
  it("queues a turn's says and sends them as one frame per member, in number order, when the turn ends", () => {
    const room = new Room('lobby', 'e1', 0);
    const ana = member(room, 'Ana');
    room.apply(say(1, 'session-bob'));
    room.apply(say(2, 'session-bob'));
    expect(ana.pushes, 'nothing before the turn ends').to.deep.equal([]);
    room.flush();
    expect(seen(ana.pushes)).to.deep.equal(['say 1,2']);
    expect(room.head).to.equal(2);
    expect(ana.session.stats.messagesSent).to.equal(2);
  });

  it("does not send the author's session its own lines, and sends everyone else the whole turn", () => {
    const room = new Room('lobby', 'e1', 0);
    const ana = member(room, 'Ana');
    const bob = member(room, 'Bob');
    const cem = member(room, 'Cem');
    room.apply(say(1, ana.session.id));
    room.apply(say(2, bob.session.id));
    room.apply(say(3, ana.session.id));
    room.flush();
    expect(seen(ana.pushes)).to.deep.equal(['say 2']);
    expect(seen(bob.pushes)).to.deep.equal(['say 1,3']);
    expect(seen(cem.pushes)).to.deep.equal(['say 1,2,3']);
  });

  it('leaves out the session, not the nick: a member with the same nick key under another session still gets the line', () => {
    const room = new Room('lobby', 'e1', 0);
    const ana = member(room, 'Ana', 'session-new');
    room.apply(say(1, 'session-old', 'Ana'));
    room.flush();
    expect(seen(ana.pushes)).to.deep.equal(['say 1']);
  });

  it('sends a join or a leave after the lines queued before it, to everyone but the session it came from', () => {
    const room = new Room('lobby', 'e1', 0);
    const ana = member(room, 'Ana');
    const bob = member(room, 'Bob');
    room.apply(say(1, 'session-cem'));
    room.apply({ kind: 'join', nick: 'Bob', session: bob.session.id, from: 'kitchen' });
    room.apply({ kind: 'leave', nick: 'Ana', session: ana.session.id, reason: 'moved', to: 'garden' });
    room.apply({ kind: 'leave', nick: 'Dan', session: 'session-dan', reason: 'timeout' });
    expect(seen(ana.pushes)).to.deep.equal(['say 1', 'join Bob from kitchen', 'leave Dan timeout']);
    expect(seen(bob.pushes)).to.deep.equal(['say 1', 'leave Ana moved garden', 'leave Dan timeout']);
  });

  it('an event from no session in particular reaches every member', () => {
    const room = new Room('lobby', 'e1', 0);
    const ana = member(room, 'Ana');
    room.apply({ kind: 'join', nick: 'Ana', session: '' });
    expect(seen(ana.pushes)).to.deep.equal(['join Ana']);
  });

  it('sends nothing to a member between connections (in its grace period), and a restart drops what was queued', () => {
    const room = new Room('lobby', 'e1', 0);
    const ana = member(room, 'Ana');
    const bob = member(room, 'Bob');
    bob.session.peer = null;
    room.apply(say(1, 'session-cem'));
    room.restart('e2', 0, undefined);
    room.apply(say(1, 'session-cem', 'Someone', 'e2'));
    room.flush();
    expect(seen(ana.pushes)).to.deep.equal(['say 1']);
    expect(ana.pushes[0]!.params).to.deep.equal({
      place: 'lobby',
      epoch: 'e2',
      messages: [{ seq: 1, at: 1_001, nick: 'Someone', text: 'line 1' }],
    });
    expect(bob.pushes).to.deep.equal([]);
  });
});
