import { expect } from 'chai';
import type { Position } from '@itmchat/protocol';
import { gapAfterRead, planBacklog, type BacklogLimits, type BacklogPlan } from '../src/backlog-plan.js';

const EPOCH = 'epoch-a';
const OTHER_EPOCH = 'epoch-b';
/** historyLimit 100, joinBacklog 10: a place at head 500 retains 401…500. */
const LIMITS: BacklogLimits = { historyLimit: 100, joinBacklog: 10 };

const at = (seq: number, epoch = EPOCH): Position => ({ seq, epoch });

interface Case {
  readonly name: string;
  readonly head: number;
  readonly held?: Position;
  readonly limits?: BacklogLimits;
  readonly expected: BacklogPlan;
}

const noGap = (from: number, to: number): BacklogPlan => ({ gap: null, from, to });
const epochGap = (from: number, to: number): BacklogPlan => ({ gap: { reason: 'epoch', missed: null }, from, to });
const trimmed = (missedFrom: number, missedTo: number, from: number, to: number): BacklogPlan => ({
  gap: { reason: 'trimmed', missed: { from: missedFrom, to: missedTo } },
  from,
  to,
});

const cases: readonly Case[] = [
  // A visitor who holds nothing of the place.
  { name: 'fresh visitor gets the last joinBacklog numbers', head: 500, expected: noGap(491, 500) },
  { name: 'fresh visitor of a short place is clamped to 1', head: 4, expected: noGap(1, 4) },
  { name: 'fresh visitor when head equals joinBacklog gets 1…head', head: 10, expected: noGap(1, 10) },
  {
    name: 'fresh visitor is clamped to the retained window',
    head: 500,
    limits: { historyLimit: 5, joinBacklog: 10 },
    expected: noGap(496, 500),
  },
  { name: 'fresh visitor of an empty place gets nothing', head: 0, expected: noGap(1, 0) },

  // Same epoch, held within reach.
  { name: 'held at head gets nothing', head: 500, held: at(500), expected: noGap(501, 500) },
  { name: 'held just below head gets the one message after it', head: 500, held: at(499), expected: noGap(500, 500) },
  { name: 'held inside retention gets exactly held+1…head', head: 500, held: at(450), expected: noGap(451, 500) },
  {
    name: 'held more than joinBacklog behind still gets everything after it',
    head: 50,
    held: at(3),
    expected: noGap(4, 50),
  },
  {
    name: 'held just before the oldest retained gets held+1…head with no gap',
    head: 500,
    held: at(400),
    expected: noGap(401, 500),
  },
  { name: 'held 0 of a place with no trimming gets 1…head', head: 100, held: at(0), expected: noGap(1, 100) },
  { name: 'held 0 of an empty place gets nothing', head: 0, held: at(0), expected: noGap(1, 0) },

  // Same epoch, held older than what is retained.
  {
    name: 'held one older than retention misses one number',
    head: 500,
    held: at(399),
    expected: trimmed(400, 400, 401, 500),
  },
  {
    name: 'held older than retention misses held+1…oldestRetained-1',
    head: 500,
    held: at(100),
    expected: trimmed(101, 400, 401, 500),
  },
  { name: 'held 0 after trimming misses 1…oldestRetained-1', head: 500, held: at(0), expected: trimmed(1, 400, 401, 500) },

  // The client's copy of the place is void.
  { name: 'other epoch gets an epoch gap and the fresh range', head: 500, held: at(450, OTHER_EPOCH), expected: epochGap(491, 500) },
  { name: 'other epoch at the same seq is still void', head: 500, held: at(500, OTHER_EPOCH), expected: epochGap(491, 500) },
  { name: 'other epoch of an empty place gets an epoch gap and nothing', head: 0, held: at(7, OTHER_EPOCH), expected: epochGap(1, 0) },
  { name: 'held beyond head in the same epoch is treated as another epoch', head: 500, held: at(501), expected: epochGap(491, 500) },
  { name: 'held beyond head of an empty place is treated as another epoch', head: 0, held: at(3), expected: epochGap(1, 0) },
];

describe('planBacklog', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(planBacklog(at(c.head), c.held, c.limits ?? LIMITS)).to.deep.equal(c.expected);
    });
  }

  it('loses nothing and sends nothing twice for every held position of a small place', () => {
    const limits: BacklogLimits = { historyLimit: 7, joinBacklog: 3 };
    for (let head = 0; head <= 25; head++) {
      const oldestRetained = Math.max(1, head - limits.historyLimit + 1);
      for (let held = 0; held <= head; held++) {
        const plan = planBacklog(at(head), at(held), limits);
        const context = `head ${head}, held ${held}`;
        expect(plan.to, context).to.equal(head);
        expect(plan.gap?.reason ?? 'trimmed', context).to.equal('trimmed');
        const missed = plan.gap?.missed ?? null;
        // Missed numbers, then sent numbers, together are exactly held+1…head.
        const missedCount = missed ? missed.to - missed.from + 1 : 0;
        const sentCount = Math.max(0, plan.to - plan.from + 1);
        expect(missed ? missed.from : plan.from, context).to.equal(held + 1);
        if (missed) expect(plan.from, context).to.equal(missed.to + 1);
        expect(missedCount + sentCount, context).to.equal(head - held);
        // Only retained numbers are sent.
        if (sentCount > 0) expect(plan.from, context).to.be.at.least(oldestRetained);
      }
    }
  });
});

describe('gapAfterRead', () => {
  const limits = { historyLimit: 10, joinBacklog: 5 };
  it('adds nothing when the store returned everything planned', () => {
    const plan = planBacklog({ seq: 20, epoch: 'e' }, { seq: 14, epoch: 'e' }, limits);
    expect(gapAfterRead(plan, 15)).to.equal(null);
  });
  it('reports the numbers trimmed while the backlog was read', () => {
    const plan = planBacklog({ seq: 20, epoch: 'e' }, { seq: 14, epoch: 'e' }, limits);
    expect(gapAfterRead(plan, 18)).to.deep.equal({ reason: 'trimmed', missed: { from: 15, to: 17 } });
  });
  it('widens a trimmed gap already planned, and keeps an epoch gap as it is', () => {
    const trimmed = planBacklog({ seq: 30, epoch: 'e' }, { seq: 5, epoch: 'e' }, limits);
    expect(gapAfterRead(trimmed, 25)).to.deep.equal({ reason: 'trimmed', missed: { from: 6, to: 24 } });
    const epoch = planBacklog({ seq: 30, epoch: 'e' }, { seq: 5, epoch: 'old' }, limits);
    expect(gapAfterRead(epoch, 28)).to.deep.equal({ reason: 'epoch', missed: null });
  });
  it('counts an empty read as everything trimmed', () => {
    const plan = planBacklog({ seq: 20, epoch: 'e' }, { seq: 17, epoch: 'e' }, limits);
    expect(gapAfterRead(plan, 21)).to.deep.equal({ reason: 'trimmed', missed: { from: 18, to: 20 } });
  });
});
