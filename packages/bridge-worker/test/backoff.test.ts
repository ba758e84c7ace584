import { expect } from 'chai';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from '../src/backoff.js';

const policy: BackoffPolicy = { baseMs: 100, maxMs: 2_000 };

describe('backoff', () => {
  const ceilings: [attempt: number, ceiling: number][] = [
    [0, 100],
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1_600],
    [5, 2_000],
    [6, 2_000],
    [40, 2_000],
    [10_000, 2_000],
  ];
  for (const [attempt, ceiling] of ceilings) {
    it(`attempt ${attempt}: within [${ceiling / 2}, ${ceiling}]`, () => {
      expect(backoffDelay(attempt, policy, () => 0)).to.equal(ceiling / 2);
      expect(backoffDelay(attempt, policy, () => 0.999_999)).to.equal(ceiling);
      expect(backoffDelay(attempt, policy, () => 0.5)).to.equal((ceiling * 3) / 4);
    });
  }

  it('grows exponentially until the cap', () => {
    const delays = [0, 1, 2, 3, 4].map((a) => backoffDelay(a, policy, () => 0));
    expect(delays).to.deep.equal([50, 100, 200, 400, 800]);
  });

  it('never exceeds maxMs, whatever the random value', () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      for (const r of [0, 0.25, 0.5, 0.75, 0.999]) {
        const delay = backoffDelay(attempt, DEFAULT_BACKOFF, () => r);
        expect(delay)
          .to.be.at.most(DEFAULT_BACKOFF.maxMs)
          .and.at.least(DEFAULT_BACKOFF.baseMs / 2);
      }
    }
  });

  it('calls random once per delay', () => {
    let calls = 0;
    backoffDelay(3, policy, () => (calls++, 0.3));
    expect(calls).to.equal(1);
  });

  it('jitter spreads delays: different random values give different delays', () => {
    const seen = new Set([0, 0.2, 0.4, 0.6, 0.8].map((r) => backoffDelay(4, policy, () => r)));
    expect(seen.size).to.equal(5);
  });
});
