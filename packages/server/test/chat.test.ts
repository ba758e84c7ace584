import { expect } from 'chai';
import { CloseCode, ErrorCode, decode, type PushFrame } from '@itmchat/protocol';
import { Chat, type ChatOptions } from '../src/chat.js';
import { ChatError } from '../src/chat-error.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import type { Peer } from '../src/peer.js';
import type { FrameData } from '../src/push.js';
import type { Session } from '../src/session.js';
import { MemoryStore } from '../src/store/memory-store.js';

/** A connection as the chat sees it, with no socket: pushes decoded and kept; a catch-up's frames appended once produced. */
class FakePeer implements Peer {
  session: Session | null = null;
  readonly pushes: PushFrame[] = [];
  closed: { code: number; reason: string } | null = null;
  #catchUps: Promise<void> = Promise.resolve();

  push(data: FrameData): void {
    const decoded = decode(data.toString(), 'server');
    if (!decoded.ok || decoded.frame.type !== 'push') throw new Error(`not a push: ${data.toString()}`);
    this.pushes.push(decoded.frame);
  }

  catchUp(produce: () => Promise<readonly string[]>): void {
    this.#catchUps = this.#catchUps.then(async () => {
      for (const frame of await produce()) this.push(frame);
    });
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
