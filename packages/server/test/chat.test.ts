import { expect } from 'chai';
import { CloseCode, ErrorCode, decode, type PushFrame } from '@itmchat/protocol';
import type { Directory, DirectoryNode, SessionInfo, SessionRecord } from '../src/backplane/directory.js';
import type { Departure, FeedPosition, PlaceBus, PlaceListener } from '../src/backplane/place-bus.js';
import { Chat, type ChatOptions } from '../src/chat.js';
import { ChatError } from '../src/chat-error.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import type { Peer } from '../src/peer.js';
import type { FrameData } from '../src/push.js';
import type { Session } from '../src/session.js';
import { MemoryStore } from '../src/store/memory-store.js';
import type { PlaceRecord } from '../src/store/store.js';

/** A connection as the chat sees it, with no socket: pushes decoded and kept; a catch-up's frames appended once produced. */
class FakePeer implements Peer {
  session: Session | null = null;
  readonly ip = '127.0.0.1';
  readonly pushes: PushFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  #catchUps: Promise<void> = Promise.resolve();

  push(data: FrameData): void {
    const decoded = decode(data.toString(), 'server');
    if (!decoded.ok || decoded.frame.type !== 'push') throw new Error(`not a push: ${data.toString()}`);
    this.pushes.push(decoded.frame);
  }

  catchUp(produce: () => AsyncIterable<string>): void {
    this.#catchUps = this.#catchUps.then(async () => {
      for await (const frame of produce()) this.push(frame);
    });
  }

  async sendPaced(text: string): Promise<void> {
    this.push(text);
  }

  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }

  /** Waits for the catch-ups asked for so far. */
  settled(): Promise<void> {
    return this.#catchUps;
  }

  /** What it was pushed, in order: "say 1,2", "join Ana", "leave Bob left". */
  seen(): string[] {
    return this.pushes.flatMap((push) => {
      switch (push.method) {
        case 'userSay':
          return [`say ${push.params.messages.map((m) => m.seq).join(',')}`];
        case 'userJoin':
          return [`join ${push.params.nick}`];
        case 'userLeave':
          return [`leave ${push.params.nick} ${push.params.reason}`];
        default:
          return [];
      }
    });
  }
}

const OPTIONS: ChatOptions = { ...DEFAULT_OPTIONS, graceMs: 20 };
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ChatError) return error.code;
    throw error;
  }
  throw new Error('the call was expected to be refused');
}

describe('Chat (one process, fake peers, memory store)', () => {
  let chat: Chat;
  beforeEach(() => {
    chat = new Chat(new MemoryStore({ historyLimit: 100 }), OPTIONS, () => 1_000);
  });
  afterEach(() => chat.shutdown());

  const joined = async (nick: string, place?: string): Promise<FakePeer> => {
    const peer = new FakePeer();
    await chat.identify(peer, place ? { nick, place } : { nick });
    await peer.settled();
    return peer;
  };

  it('joins the default place; the members there are told, the newcomer is not told of itself', async () => {
    const ana = await joined('Ana');
    const bob = new FakePeer();
    const result = await chat.identify(bob, { nick: 'Bob' });
    expect(result.place).to.deep.include({ name: 'lobby', members: ['Ana', 'Bob'] });
    expect(ana.seen()).to.deep.equal(['join Bob']);
    expect(bob.seen()).to.deep.equal([]);
  });

  it('numbers says in one turn, sends them to the other members as one frame, and not back to the author', async () => {
    const ana = await joined('Ana');
    const bob = await joined('Bob');
    const said = await Promise.all([chat.say(ana, { text: 'one', cid: 'a1' }), chat.say(ana, { text: 'two', cid: 'a2' })]);
    expect(said.map((s) => s.seq)).to.deep.equal([1, 2]);
    await turn();
    expect(bob.seen()).to.deep.equal(['say 1,2']);
    expect(ana.seen()).to.deep.equal(['join Bob']);
  });

  it('stores a retried cid once: same number, no second delivery', async () => {
    const ana = await joined('Ana');
    const bob = await joined('Bob');
    const first = await chat.say(ana, { text: 'once', cid: 'c1' });
    const again = await chat.say(ana, { text: 'once', cid: 'c1' });
    await turn();
    expect(again).to.deep.include({ seq: first.seq, duplicate: true });
    expect(bob.seen()).to.deep.equal(['say 1']);
  });

  it('refuses a nick taken in any case, and frees it when its visitor leaves (the others are told)', async () => {
    const ana = await joined('Ana');
    const bob = await joined('Bob');
    expect(await refusal(chat.identify(new FakePeer(), { nick: 'ANA' }))).to.equal(ErrorCode.NickTaken);
    await chat.leave(ana);
    expect(bob.seen()).to.deep.equal(['leave Ana left']);
    await joined('ana');
  });

  it('resumes a session on a new connection with its token: the old one is closed, the backlog holds only what was missed', async () => {
    const anaFirst = new FakePeer();
    const { token } = await chat.identify(anaFirst, { nick: 'Ana' });
    const bob = await joined('Bob');
    await chat.say(bob, { text: 'seen', cid: 'b1' });
    await turn();
    await chat.say(bob, { text: 'missed', cid: 'b2' });
    const anaAgain = new FakePeer();
    const resumed = await chat.resume(anaAgain, {
      token,
      since: [{ place: 'lobby', seq: 1, epoch: (await chat.store.ensurePlace('lobby')).epoch }],
    });
    await anaAgain.settled();
    expect(resumed.nick).to.equal('Ana');
    expect(resumed.token).not.to.equal(token);
    expect(anaFirst.closed).to.deep.include({ code: CloseCode.SessionReplaced });
    expect(anaAgain.seen()).to.deep.equal(['say 2']);
    expect(await refusal(chat.resume(new FakePeer(), { token, since: [] })), 'a token works once').to.equal(ErrorCode.UnknownSession);
  });

  it('keeps a visitor whose connection dropped for the grace period, then tells the place it timed out', async () => {
    const ana = await joined('Ana');
    const bob = await joined('Bob');
    chat.detach(ana);
    expect(bob.seen()).to.deep.equal([]);
    await new Promise((resolve) => setTimeout(resolve, OPTIONS.graceMs * 3));
    expect(bob.seen()).to.deep.equal(['leave Ana timeout']);
  });

  it('answers the commands from the chat it runs in: -folks, -where is, -goto', async () => {
    const ana = await joined('Ana');
    await joined('Bob', 'kitchen');
    const run = (line: string) => chat.handle(ana, { type: 'call', id: 1, method: 'command', params: { line } });
    expect(await run('-folks')).to.deep.equal({ command: 'folks', place: 'lobby', members: ['Ana'] });
    expect(await run('-where is bob')).to.deep.equal({ command: 'whereIs', nick: 'Bob', place: 'kitchen' });
    const moved = await run('-goto kitchen');
    expect(moved).to.deep.include({ command: 'goto' });
    expect(await run('-folks')).to.deep.equal({ command: 'folks', place: 'kitchen', members: ['Bob', 'Ana'] });
  });
});

/** A cluster the test plays: what the chat tells it is recorded; what other nodes do, the test delivers. */
class FakeCluster implements Directory, PlaceBus {
  readonly told: string[] = [];
  /** Nick keys held by sessions on other nodes. */
  readonly heldElsewhere = new Set<string>();
  node: DirectoryNode | null = null;
  listener: PlaceListener | null = null;

  attach(node: DirectoryNode): void {
    this.node = node;
  }
  listen(listener: PlaceListener): void {
    this.listener = listener;
  }
  async started(): Promise<void> {}
  trouble(): string | null {
    return null;
  }
  async claim(session: SessionInfo): Promise<boolean> {
    this.told.push(`claim ${session.nick}`);
    return !this.heldElsewhere.has(session.key);
  }
  unclaim(session: SessionInfo): void {
    this.told.push(`unclaim ${session.nick}`);
  }
  ended(session: SessionInfo): void {
    this.told.push(`ended ${session.nick}`);
  }
  async adopt(): Promise<SessionRecord | null> {
    return null;
  }
  async rotate(): Promise<boolean> {
    return true;
  }
  async rename(session: SessionInfo): Promise<boolean> {
    this.told.push(`rename ${session.nick}`);
    return !this.heldElsewhere.has(session.key);
  }
  async find(): Promise<null> {
    return null;
  }
  invite(id: string, conversation: string): void {
    this.told.push(`invite ${id} ${conversation}`);
  }
  async away(): Promise<[]> {
    return [];
  }
  typing(place: string, session: SessionInfo): void {
    this.told.push(`typing ${place} ${session.nick}`);
  }
  awayChanged(place: string, session: SessionInfo, away: string | null): void {
    this.told.push(`away ${place} ${session.nick} ${away}`);
  }
  async members(place: string): Promise<string[]> {
    return ['Zed', ...this.node!.membersHere(place)];
  }
  async everyone(): Promise<{ nick: string; place: string }[]> {
    return [{ nick: 'Zed', place: 'lobby' }];
  }
  open(place: string, read: () => Promise<PlaceRecord>): Promise<PlaceRecord> {
    this.told.push(`open ${place}`);
    return read();
  }
  opened(place: string, at: FeedPosition | null): void {
    this.told.push(`opened ${place} at ${at?.head ?? 'none'}`);
  }
  closed(place: string): void {
    this.told.push(`closed ${place}`);
  }
  stored(place: string, _epoch: string, message: { seq: number }): void {
    this.told.push(`stored ${place} ${message.seq}`);
  }
  entered(place: string, session: SessionInfo): void {
    this.told.push(`entered ${place} ${session.nick}`);
  }
  exited(place: string, session: SessionInfo, how: Departure): void {
    this.told.push(`exited ${place} ${session.nick} ${how.reason}`);
  }
  async close(): Promise<void> {}
}

describe('Chat on a fake cluster (directory and place bus played by the test)', () => {
  let cluster: FakeCluster;
  let chat: Chat;
  beforeEach(() => {
    cluster = new FakeCluster();
    chat = new Chat(new MemoryStore({ historyLimit: 100 }), OPTIONS, () => 1_000, { directory: cluster, bus: cluster });
  });
  afterEach(() => chat.shutdown());

  it('tells the cluster what happens here, in order: claim, open, entered, stored, exited, closed, ended', async () => {
    const ana = new FakePeer();
    const joined = await chat.identify(ana, { nick: 'Ana' });
    expect(joined.place.members, 'members across the cluster').to.deep.equal(['Zed', 'Ana']);
    await chat.say(ana, { text: 'hi', cid: 'a1' });
    await chat.leave(ana);
    expect(cluster.told).to.deep.equal([
      'claim Ana',
      'open lobby',
      'opened lobby at 0',
      'entered lobby Ana',
      'stored lobby 1',
      'exited lobby Ana left',
      'closed lobby',
      'ended Ana',
    ]);
  });

  it('refuses a nick another node holds', async () => {
    cluster.heldElsewhere.add('zed');
    expect(await refusal(chat.identify(new FakePeer(), { nick: 'Zed' }))).to.equal(ErrorCode.NickTaken);
  });

  it("applies the bus's events to its rooms: another node's says go out at the end of the turn, its joins at once", async () => {
    const ana = new FakePeer();
    const { place } = await chat.identify(ana, { nick: 'Ana' });
    cluster.listener!.deliver('lobby', { kind: 'join', nick: 'Zed', session: 'session-zed' });
    cluster.listener!.deliver('lobby', {
      kind: 'say',
      epoch: place.epoch,
      message: { seq: 1, at: 1, nick: 'Zed', text: 'hello' },
      session: 'session-zed',
    });
    cluster.listener!.deliver('lobby', {
      kind: 'say',
      epoch: place.epoch,
      message: { seq: 2, at: 2, nick: 'Zed', text: 'again' },
      session: 'session-zed',
    });
    expect(ana.seen()).to.deep.equal(['join Zed']);
    await turn();
    expect(ana.seen()).to.deep.equal(['join Zed', 'say 1,2']);
    cluster.listener!.deliver('kitchen', { kind: 'join', nick: 'Yan', session: 'session-yan' }); // no room here: nothing to do
    expect(ana.seen()).to.have.length(2);
  });

  it('drops a session another node took over, closing its connection with 4003 and telling nobody', async () => {
    const ana = new FakePeer();
    await chat.identify(ana, { nick: 'Ana' });
    const bob = new FakePeer();
    const { token } = await chat.identify(bob, { nick: 'Bob' });
    chat.sessionTaken(bob.session!.id);
    expect(bob.closed).to.deep.include({ code: CloseCode.SessionReplaced });
    expect(ana.seen(), 'no leave: Bob is still in the place, on the other node').to.deep.equal([]);
    expect(cluster.told.filter((line) => line.includes('Bob'))).to.deep.equal(['claim Bob', 'entered lobby Bob']);
    expect(await refusal(chat.resume(new FakePeer(), { token, since: [] }))).to.equal(ErrorCode.UnknownSession);
  });

  it('restarts a place whose history restarted: its members are asked to reconnect', async () => {
    const ana = new FakePeer();
    await chat.identify(ana, { nick: 'Ana' });
    cluster.listener!.restarted('lobby', { name: 'lobby', epoch: 'new-epoch', head: 0 });
    expect(chat.room('lobby')!.epoch).to.equal('new-epoch');
    expect(ana.closed).to.deep.include({ code: CloseCode.InternalError });
  });
});
