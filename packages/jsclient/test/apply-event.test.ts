import { expect } from 'chai';
import type { BridgeEvent, Snapshot } from '@itmchat/protocol';
import { applyEvent } from '../src/apply-event.js';

const base: Snapshot = {
  state: 'joined',
  nick: 'ana',
  place: 'lobby',
  members: ['ana', 'bob'],
  messages: [{ seq: 1, at: 1, nick: 'bob', text: 'one' }],
  gaps: [],
  pending: [{ cid: 'c', text: 'two' }],
};

describe('applyEvent', () => {
  const cases: { name: string; event: BridgeEvent; expect: Partial<Snapshot> }[] = [
    { name: 'state', event: { type: 'state', state: 'offline', nick: 'ana', place: 'lobby' }, expect: { state: 'offline' } },
    {
      name: 'messages: appends in order, drops held numbers, settles the pending line with that cid',
      event: {
        type: 'messages',
        place: 'lobby',
        messages: [
          { seq: 3, at: 3, nick: 'ana', text: 'two', cid: 'c' },
          { seq: 1, at: 1, nick: 'bob', text: 'one' },
          { seq: 2, at: 2, nick: 'bob', text: 'x' },
        ],
      },
      expect: {
        messages: [
          { seq: 1, at: 1, nick: 'bob', text: 'one' },
          { seq: 2, at: 2, nick: 'bob', text: 'x' },
          { seq: 3, at: 3, nick: 'ana', text: 'two' },
        ],
        pending: [],
      },
    },
    {
      name: 'messages of another place are ignored',
      event: { type: 'messages', place: 'kitchen', messages: [{ seq: 9, at: 9, nick: 'x', text: 'y' }] },
      expect: { messages: base.messages },
    },
    {
      name: 'pending',
      event: { type: 'pending', line: { cid: 'd', text: 'three' } },
      expect: {
        pending: [
          { cid: 'c', text: 'two' },
          { cid: 'd', text: 'three' },
        ],
      },
    },
    { name: 'dropped', event: { type: 'dropped', cid: 'c', error: { code: 'TEXT_TOO_LONG', message: 'long' } }, expect: { pending: [] } },
    {
      name: 'presence join',
      event: { type: 'presence', place: 'lobby', nick: 'cat', change: 'join' },
      expect: { members: ['ana', 'bob', 'cat'] },
    },
    {
      name: 'presence leave',
      event: { type: 'presence', place: 'lobby', nick: 'bob', change: 'leave', reason: 'left' },
      expect: { members: ['ana'] },
    },
    {
      name: 'gap',
      event: { type: 'gap', place: 'lobby', gap: { from: 2, to: 4 }, reason: 'trimmed' },
      expect: { gaps: [{ from: 2, to: 4 }] },
    },
    { name: 'notice changes nothing', event: { type: 'notice', code: 'X', message: 'y' }, expect: {} },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(applyEvent(base, c.event)).to.deep.equal({ ...base, ...c.expect });
    });
  }

  it('snapshot replaces everything', () => {
    const fresh: Snapshot = { ...base, place: 'kitchen', messages: [] };
    expect(applyEvent(base, { type: 'snapshot', snapshot: fresh })).to.equal(fresh);
  });
});
