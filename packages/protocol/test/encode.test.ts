import { expect } from 'chai';
import { decode, decodeResult, encode, type ServerMethod } from '../src/index.js';
import { calls, errorFrames, pushes, resultFrames, results } from './fixtures.js';

const label = (frame: object): string => JSON.stringify(frame).slice(0, 90);

describe('encode → decode round trip', () => {
  describe('client calls', () => {
    it('covers every method', () => {
      expect(new Set(calls.map((call) => call.method))).to.have.keys(
        'identify',
        'resume',
        'say',
        'command',
        'goto',
        'leave',
        'history',
        'typing',
      );
    });

    for (const call of calls) {
      it(`${call.method}: ${label(call.params)}`, () => {
        expect(decode(encode(call), 'client')).to.deep.equal({ ok: true, frame: call });
      });
    }
  });

  describe('server frames', () => {
    it('covers every push method', () => {
      expect(new Set(pushes.map((push) => push.method))).to.have.keys(
        'hello',
        'userSay',
        'userJoin',
        'userLeave',
        'gap',
        'history',
        'userAway',
        'userTyping',
      );
    });

    for (const frame of [...pushes, ...resultFrames, ...errorFrames]) {
      it(`${frame.type}: ${label(frame)}`, () => {
        expect(decode(encode(frame), 'server')).to.deep.equal({ ok: true, frame });
      });
    }
  });

  describe('results through the wire and decodeResult', () => {
    for (const [method, values] of Object.entries(results) as [ServerMethod, readonly unknown[]][]) {
      for (const result of values) {
        it(`${method}: ${label(result as object)}`, () => {
          const wire = decode(encode({ type: 'result', id: 3, result: result as never }), 'server');
          if (!wire.ok || wire.frame.type !== 'result') expect.fail(`result frame did not decode: ${JSON.stringify(wire)}`);
          expect(decodeResult(method, wire.frame.result)).to.deep.equal({ ok: true, frame: result });
        });
      }
    }
  });
});
