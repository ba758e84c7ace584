import { expect } from 'chai';
import { randomId } from '../src/random-id.js';

describe('randomId', () => {
  it('gives 32 hex digits, different every time', () => {
    const ids = Array.from({ length: 1000 }, randomId);
    for (const id of ids) expect(id).to.match(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
