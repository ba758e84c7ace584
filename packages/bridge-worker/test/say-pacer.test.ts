import { expect } from 'chai';
import { SayPacer } from '../src/say-pacer.js';

describe('SayPacer: the server’s say limit, mirrored', () => {
  let now = 0;
  const clock = { now: () => now };

  it('lets every say go until a limit is announced', () => {
    const pacer = new SayPacer(clock);
    for (let i = 0; i < 100; i++) {
      expect(pacer.wait()).to.equal(0);
      pacer.take();
    }
  });

  it('keeps a margin below the burst, then paces at the sustained rate', () => {
    now = 0;
    const pacer = new SayPacer(clock);
    pacer.set({ perSecond: 10, burst: 20 });
    let went = 0;
    while (pacer.wait() === 0) {
      pacer.take();
      went += 1;
    }
    expect(went).to.equal(18);
    expect(pacer.wait()).to.equal(100);
    now += 100;
    expect(pacer.wait()).to.equal(0);
  });

  it('after a refusal starts from empty, and a new link starts full again', () => {
    now = 0;
    const pacer = new SayPacer(clock);
    pacer.set({ perSecond: 5, burst: 10 });
    pacer.empty();
    expect(pacer.wait(), 'one token and the margin of two, at 5 a second').to.equal(600);
    pacer.set({ perSecond: 5, burst: 10 });
    expect(pacer.wait()).to.equal(0);
  });
});
