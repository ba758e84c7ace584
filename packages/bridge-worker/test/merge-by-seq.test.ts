import { expect } from 'chai';
import { mergeBySeq } from '../src/merge-by-seq.js';
import { msg } from './support/bridge-harness.js';

const seqs = (list: readonly { seq: number }[]) => list.map((m) => m.seq);

describe('mergeBySeq', () => {
  const cases: { name: string; held: number[]; incoming: number[]; merged: number[]; fresh: number[] }[] = [
    { name: 'appends newer numbers in order', held: [1, 2], incoming: [3, 4], merged: [1, 2, 3, 4], fresh: [3, 4] },
    { name: 'takes everything into an empty list', held: [], incoming: [1, 2], merged: [1, 2], fresh: [1, 2] },
    { name: 'adds nothing for nothing', held: [1], incoming: [], merged: [1], fresh: [] },
    { name: 'drops numbers already held', held: [1, 2, 3], incoming: [2, 3, 4], merged: [1, 2, 3, 4], fresh: [4] },
    { name: 'drops numbers repeated inside one batch', held: [], incoming: [1, 1, 2, 2], merged: [1, 2], fresh: [1, 2] },
    { name: 'sorts an out-of-order batch, fresh ones too', held: [2, 4], incoming: [5, 1, 3], merged: [1, 2, 3, 4, 5], fresh: [1, 3, 5] },
    { name: 'slots an older number into place', held: [1, 2, 5], incoming: [3], merged: [1, 2, 3, 5], fresh: [3] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const held = c.held.map((s) => msg(s));
      const { merged, fresh } = mergeBySeq(
        held,
        c.incoming.map((s) => msg(s)),
      );
      expect(seqs(merged), 'merged').to.deep.equal(c.merged);
      expect(seqs(fresh), 'fresh').to.deep.equal(c.fresh);
      expect(seqs(held), 'input untouched').to.deep.equal(c.held);
    });
  }

  it('keeps the first copy of a number', () => {
    const { merged } = mergeBySeq([msg(1)], [{ ...msg(1), text: 'other' }, msg(2), { ...msg(2), text: 'again' }]);
    expect(merged.map((m) => m.text)).to.deep.equal(['line 1', 'line 2']);
  });
});
