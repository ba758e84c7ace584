import { expect } from 'chai';
import { TokenBucket } from '../src/token-bucket.js';

describe('TokenBucket', () => {
  let clock = 0;
  const now = () => clock;
  beforeEach(() => (clock = 1_000));

  it('allows a burst at once, then refuses', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).to.deep.equal([true, true, true, false]);
  });

  it('refills at the sustained rate, never above the burst', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, now);
    for (let i = 0; i < 3; i++) bucket.take();
    clock += 100; // one token
    expect(bucket.take()).to.equal(true);
    expect(bucket.take()).to.equal(false);
    clock += 60_000; // refilled to the burst, not beyond
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).to.deep.equal([true, true, true, false]);
  });

  it('counts a fraction of a token as none yet', () => {
    const bucket = new TokenBucket({ perSecond: 2, burst: 1 }, now);
    expect(bucket.take()).to.equal(true);
    clock += 499;
    expect(bucket.take()).to.equal(false);
    clock += 1;
    expect(bucket.take()).to.equal(true);
  });

  it('never refuses with a rate of 0 (no limit)', () => {
    const bucket = new TokenBucket({ perSecond: 0, burst: 0 }, now);
    for (let i = 0; i < 1_000; i++) expect(bucket.take()).to.equal(true);
  });
});
