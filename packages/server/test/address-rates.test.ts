import { expect } from 'chai';
import { AddressRates } from '../src/address-rates.js';

describe('AddressRates: one token bucket per address', () => {
  it('limits each address on its own, and forgets an address whose bucket refilled', () => {
    let now = 0;
    const rates = new AddressRates({ perSecond: 1, burst: 2 }, () => now);
    expect([rates.take('a'), rates.take('a'), rates.take('a')]).to.deep.equal([true, true, false]);
    expect(rates.take('b')).to.equal(true);
    now = 1_000;
    rates.prune();
    expect(rates.size, 'a has refilled one token of two, b is full again').to.equal(1);
    now = 2_000;
    rates.prune();
    expect(rates.size).to.equal(0);
  });

  it('takes every call when the rate is 0 (no limit), and holds nothing', () => {
    const rates = new AddressRates({ perSecond: 0, burst: 0 });
    for (let i = 0; i < 100; i++) expect(rates.take('a')).to.equal(true);
    expect(rates.size).to.equal(0);
  });
});
