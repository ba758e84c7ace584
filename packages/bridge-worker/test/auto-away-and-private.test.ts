import { expect } from 'chai';
import type { BridgeEvent, ChatMessage, WorkerCommandResult } from '@itmchat/protocol';
import { AUTO_AWAY_MS, AutoAway } from '../src/auto-away.js';
import type { PlaceLog } from '../src/place-log.js';
import { PrivateTalk } from '../src/private-talk.js';
import type { Timers } from '../src/timers.js';
import { isIgnored } from '@itmchat/protocol';
import { runWorkerCommand } from '../src/worker-commands.js';

/** Timers run by hand: `advance` fires what is due. */
function fakeTimers() {
  let now = 0;
  const due = new Map<number, { at: number; run: () => void }>();
  let next = 1;
  const timers: Timers = {
    now: () => now,
    setTimeout: (run, ms) => (due.set(next, { at: now + ms, run }), next++),
    clearTimeout: (handle) => void due.delete(handle as number),
    random: () => 0.5,
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, timer] of [...due]) if (timer.at <= now) (due.delete(id), timer.run());
  };
  return { timers, advance, pending: () => due.size };
}

describe('AutoAway', () => {
  it('says -away once every page has been hidden for 10 minutes, and -back when one is seen', () => {
    const { timers, advance, pending } = fakeTimers();
    const said: string[] = [];
    const away = new AutoAway({ timers, command: async (line) => said.push(line), joined: () => true });
    away.visibility(true);
    advance(AUTO_AWAY_MS - 1);
    expect(said).to.deep.equal([]);
    away.visibility(true); // a second hidden page does not restart the wait
    advance(1);
    expect(said).to.deep.equal(['-away']);
    away.visibility(false);
    expect(said).to.deep.equal(['-away', '-back']);
    away.visibility(true);
    away.visibility(false);
    advance(AUTO_AWAY_MS);
    expect(said, 'seen again before the time: nothing').to.deep.equal(['-away', '-back']);
    away.stop();
    expect(pending()).to.equal(0);
  });

  it('never clears an away the visitor set, and says nothing while not joined', () => {
    const { timers, advance } = fakeTimers();
    const said: string[] = [];
    let joined = false;
    const away = new AutoAway({ timers, command: async (line) => said.push(line), joined: () => joined });
    away.visibility(true);
    advance(AUTO_AWAY_MS);
    expect(said).to.deep.equal([]);
    joined = true;
    away.visibility(true);
    advance(AUTO_AWAY_MS);
    away.manual(); // the visitor typed -away (or -back) meanwhile
    away.visibility(false);
    expect(said).to.deep.equal(['-away']);
  });
});

describe('PrivateTalk', () => {
  const line = (seq: number, nick: string, to: string): ChatMessage => ({
    seq,
    at: seq * 1000,
    nick,
    text: `l${seq}`,
    kind: 'private',
    to,
  });
  const make = (stored = new Map<string, PlaceLog>()) => {
    const events: BridgeEvent[] = [];
    const live: ChatMessage[] = [];
    const listed: unknown[] = [];
    const talk = new PrivateTalk({
      logLimit: 1000,
      loadLog: async (id) => stored.get(id) ?? null,
      saveLog: (log) => void stored.set(log.place, log),
      listed: (list) => listed.push(list),
      emit: (event) => events.push(event),
      live: (_id, messages) => live.push(...messages),
    });
    return { talk, events, live, listed, stored };
  };

  it('keeps each conversation numbered once, tells pages who it is with, and resumes from what it holds', async () => {
    const { talk, events, live, listed, stored } = make();
    talk.joined([]);
    talk.add('@a', 'e1', [line(1, 'bob', 'ana')], 'ana');
    talk.add('@a', 'e1', [line(1, 'bob', 'ana'), line(2, 'bob', 'ana')], 'ana');
    expect(events.map((e) => (e.type === 'private' ? e.messages.map((m) => m.seq) : []))).to.deep.equal([[1], [2]]);
    expect(
      live.map((m) => m.seq),
      'opened live: counted',
    ).to.deep.equal([1, 2]);
    expect(listed.at(-1)).to.deep.equal([{ id: '@a', with: 'bob' }]);
    expect(talk.positions()).to.deep.equal([{ place: '@a', seq: 2, epoch: 'e1' }]);
    expect(talk.lastFrom('ana')).to.equal('bob');
    // A new worker reads it back; the server's list then says where the conversation stands.
    const again = make(stored);
    await again.talk.restore([{ id: '@a', with: 'bob' }]);
    expect(again.talk.positions()).to.deep.equal([{ place: '@a', seq: 2, epoch: 'e1' }]);
    again.talk.joined([{ id: '@a', with: 'robert', epoch: 'e1', head: 3 }]);
    again.talk.add('@a', 'e1', [line(3, 'robert', 'ana')], 'ana');
    expect(again.live, 'the catch-up is not live').to.deep.equal([]);
    expect(again.talk.snapshot()).to.deep.equal([
      { id: '@a', with: 'robert', messages: [line(1, 'bob', 'ana'), line(2, 'bob', 'ana'), line(3, 'robert', 'ana')] },
    ]);
    // Another epoch: what was held is void.
    again.talk.joined([{ id: '@a', with: 'robert', epoch: 'e2', head: 0 }]);
    expect(again.talk.positions()).to.deep.equal([]);
  });

  it('settles this browser’s own line by its cid and never counts it', () => {
    const { talk, events, live } = make();
    talk.add('@b', 'e1', [line(1, 'ana', 'cat')], 'ana', 'cid-1');
    expect(events[0]).to.deep.include({ type: 'private', conversation: '@b', with: 'cat' });
    const [first] = events;
    if (first?.type !== 'private') return expect.fail('a private event');
    expect(first.messages[0]!.cid).to.equal('cid-1');
    expect(live).to.deep.equal([]);
  });
});

describe('worker commands', () => {
  const run = (line: WorkerCommandResult | null = null) => {
    const said: unknown[] = [];
    let ignored: readonly string[] = ['Cat'];
    const deps = {
      say: async (text: string, as: object) => (said.push({ text, ...as }), { seq: 1, at: 1, nick: 'ana', text }),
      lastFrom: () => (line === null ? 'bob' : null),
      ignored: () => ignored,
      setIgnored: (nicks: readonly string[]) => void (ignored = nicks),
    };
    return { deps, said, ignored: () => ignored };
  };

  it('-me, -msg and -r go out as lines; -query and -ignore stay in the browser', async () => {
    const { deps, said, ignored } = run();
    await runWorkerCommand(deps, { name: 'me', text: 'waves' });
    await runWorkerCommand(deps, { name: 'msg', nick: 'bob', text: 'hi' });
    await runWorkerCommand(deps, { name: 'reply', text: 'thanks' });
    expect(said).to.deep.equal([
      { text: 'waves', kind: 'action' },
      { text: 'hi', to: 'bob' },
      { text: 'thanks', to: 'bob' },
    ]);
    expect(await runWorkerCommand(deps, { name: 'query', nick: 'bob' })).to.deep.equal({ command: 'query', nick: 'bob' });
    expect(await runWorkerCommand(deps, { name: 'ignore', nick: 'dan' })).to.deep.equal({ command: 'ignore', ignored: ['Cat', 'dan'] });
    expect(await runWorkerCommand(deps, { name: 'unignore', nick: 'CAT' })).to.deep.equal({ command: 'ignore', ignored: ['dan'] });
    expect(await runWorkerCommand(deps, { name: 'ignore' })).to.deep.equal({ command: 'ignore', ignored: ['dan'] });
    expect(isIgnored(ignored(), 'DAN')).to.equal(true);
  });

  it('-r with nobody to answer is a usage error', async () => {
    const { deps } = run({ command: 'query', nick: 'x' });
    const error = await runWorkerCommand(deps, { name: 'reply', text: 'hm' }).catch((e: unknown) => e);
    expect(error).to.include({ code: 'COMMAND_USAGE' });
  });
});
