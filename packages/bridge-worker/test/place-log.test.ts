import { expect } from 'chai';
import type { ChatMessage, GapMark } from '@itmchat/protocol';
import { DEFAULT_LOG_LIMIT, addGap, addMessages, emptyLog, lastSeq, type PlaceLog } from '../src/place-log.js';
import { EPOCH, msg, msgs } from './support/bridge-harness.js';

const seqs = (list: readonly ChatMessage[]) => list.map((m) => m.seq);
const log = (held: readonly number[], gaps: readonly GapMark[] = []): PlaceLog => ({
  place: 'lobby',
  epoch: EPOCH,
  messages: held.map((s) => msg(s)),
  gaps,
});

describe('place-log', () => {
  describe('addMessages', () => {
    const cases: { name: string; held: number[]; incoming: number[]; limit?: number; kept: number[]; added: number[] }[] = [
      { name: 'appends to an empty log', held: [], incoming: [1, 2, 3], kept: [1, 2, 3], added: [1, 2, 3] },
      { name: 'appends in order after what is held', held: [1, 2], incoming: [3, 4], kept: [1, 2, 3, 4], added: [3, 4] },
      { name: 'drops numbers already held', held: [1, 2, 3], incoming: [2, 3, 4], kept: [1, 2, 3, 4], added: [4] },
      { name: 'drops numbers repeated inside one batch', held: [], incoming: [1, 1, 2, 2], kept: [1, 2], added: [1, 2] },
      { name: 'adds nothing when everything is held', held: [1, 2], incoming: [1, 2], kept: [1, 2], added: [] },
      { name: 'sorts an out-of-order batch', held: [], incoming: [3, 1, 2], kept: [1, 2, 3], added: [1, 2, 3] },
      { name: 'slots an older message into place', held: [1, 2, 5], incoming: [3], kept: [1, 2, 3, 5], added: [3] },
      { name: 'sorts a batch that overlaps what is held', held: [2, 4], incoming: [5, 1, 3], kept: [1, 2, 3, 4, 5], added: [1, 3, 5] },
      { name: 'trims to the limit, keeping the newest', held: [1, 2, 3], incoming: [4, 5], limit: 3, kept: [3, 4, 5], added: [4, 5] },
      {
        name: 'a batch larger than the limit keeps its newest',
        held: [],
        incoming: [1, 2, 3, 4, 5, 6],
        limit: 2,
        kept: [5, 6],
        added: [5, 6],
      },
      {
        name: 'an old message trimmed at once is not reported as added',
        held: [10, 11, 12],
        incoming: [3],
        limit: 3,
        kept: [10, 11, 12],
        added: [],
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const before = log(c.held);
        const result = addMessages(
          before,
          c.incoming.map((s) => msg(s)),
          c.limit,
        );
        expect(seqs(result.log.messages), 'log').to.deep.equal(c.kept);
        expect(seqs(result.added), 'added').to.deep.equal(c.added);
        expect(seqs(before.messages), 'input untouched').to.deep.equal(c.held);
      });
    }

    it('reports added messages in number order, as the event contract says', () => {
      const { added } = addMessages(log([]), [msg(3), msg(1), msg(2)]);
      expect(seqs(added)).to.deep.equal([1, 2, 3]);
    });

    it('keeps the first copy of a number and the log object when nothing is new', () => {
      const before = log([1]);
      const { log: after, added } = addMessages(before, [{ ...msg(1), text: 'other' }]);
      expect(added).to.deep.equal([]);
      expect(after).to.equal(before);
      expect(after.messages[0]!.text).to.equal('line 1');
    });

    it(`defaults to a limit of ${DEFAULT_LOG_LIMIT}`, () => {
      const { log: after } = addMessages(emptyLog('lobby', EPOCH), msgs(1, DEFAULT_LOG_LIMIT + 10));
      expect(after.messages).to.have.length(DEFAULT_LOG_LIMIT);
      expect(after.messages[0]!.seq).to.equal(11);
    });

    // Holds 1, 6, 7 (+ the gap); gets 10, 11 with limit 3, which keeps 7, 10, 11: the oldest kept is 7.
    const gapCases: { name: string; gap: GapMark; kept: boolean }[] = [
      { name: 'drops a gap wholly older than the oldest kept message', gap: { from: 2, to: 3 }, kept: false },
      { name: 'drops a gap ending just before the oldest kept message', gap: { from: 4, to: 6 }, kept: false },
      { name: 'keeps a gap among the kept messages', gap: { from: 8, to: 9 }, kept: true },
    ];
    for (const c of gapCases) {
      it(c.name, () => {
        const { log: after } = addMessages(log([1, 6, 7], [c.gap]), [msg(10), msg(11)], 3);
        expect(seqs(after.messages)).to.deep.equal([7, 10, 11]);
        expect(after.gaps).to.deep.equal(c.kept ? [c.gap] : []);
      });
    }

    it('keeps gaps when nothing is trimmed', () => {
      const gaps = [{ from: 2, to: 4 }];
      const { log: after } = addMessages(log([1, 5], gaps), [msg(6)]);
      expect(after.gaps).to.deep.equal(gaps);
    });
  });

  describe('lastSeq', () => {
    const cases: [string, number[], number][] = [
      ['0 for an empty log', [], 0],
      ['the newest number', [1, 2, 9], 9],
      ['the only number', [4], 4],
    ];
    for (const [name, held, expected] of cases) it(name, () => expect(lastSeq(log(held))).to.equal(expected));
  });

  describe('addGap', () => {
    it('appends the gap and leaves the input alone', () => {
      const before = log([1], [{ from: 2, to: 3 }]);
      const after = addGap(before, { from: 5, to: 8 });
      expect(after.gaps).to.deep.equal([
        { from: 2, to: 3 },
        { from: 5, to: 8 },
      ]);
      expect(after.messages).to.deep.equal(before.messages);
      expect(before.gaps).to.have.length(1);
    });
  });

  it('emptyLog holds nothing', () => {
    expect(emptyLog('kitchen', 'e')).to.deep.equal({ place: 'kitchen', epoch: 'e', messages: [], gaps: [], notes: [] });
  });
});
