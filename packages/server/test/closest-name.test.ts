import { expect } from 'chai';
import { closestName } from '../src/closest-name.js';

describe('closestName', () => {
  const names = ['historyLimit', 'heartbeatMs', 'host', 'port', 'maxPlaces'];

  const cases: readonly [string, string | undefined][] = [
    ['histroyLimit', 'historyLimit'],
    ['historylimit', 'historyLimit'],
    ['HISTORYLIMIT', 'historyLimit'],
    ['prot', 'port'],
    ['hots', 'host'],
    ['maxPlace', 'maxPlaces'],
    ['colour', undefined],
    ['', undefined],
  ];
  for (const [word, expected] of cases) {
    it(`suggests ${expected === undefined ? 'nothing' : `"${expected}"`} for "${word}"`, () => {
      expect(closestName(word, names)).to.equal(expected);
    });
  }

  it('prefers the nearest of several candidates', () => {
    expect(closestName('historyLimt', ['historyLimits', 'historyLimit'])).to.equal('historyLimit');
  });
});
