import { expect } from 'chai';
import { droppedText, gapText, presenceText } from '../src/notice-text.js';

describe('notice-text', () => {
  it('presence: joined, came from, went to, left, timed out', () => {
    const base = { type: 'presence', place: 'lobby', nick: 'ana' } as const;
    expect(presenceText({ ...base, change: 'join' })).to.equal('ana joined');
    expect(presenceText({ ...base, change: 'join', from: 'kitchen' })).to.equal('ana came from kitchen');
    expect(presenceText({ ...base, change: 'leave', reason: 'moved', to: 'kitchen' })).to.equal('ana went to kitchen');
    expect(presenceText({ ...base, change: 'leave', reason: 'left' })).to.equal('ana left');
    expect(presenceText({ ...base, change: 'leave' })).to.equal('ana left');
    expect(presenceText({ ...base, change: 'leave', reason: 'timeout' })).to.equal('ana left (timed out)');
  });

  it('gap counts the missing numbers, both ends included', () => {
    expect(gapText({ from: 4, to: 6 })).to.equal('3 messages could not be recovered');
    expect(gapText({ from: 9, to: 9 })).to.equal('1 message could not be recovered');
  });

  it('dropped says what was not sent and why', () => {
    const error = { code: 'TEXT_TOO_LONG', message: 'too long' };
    expect(droppedText({ cid: 'c1', text: 'hello' }, error)).to.equal('not sent: “hello” (too long)');
    expect(droppedText(undefined, error)).to.equal('not sent: too long');
  });
});
