import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { PresenceDamper } from '../src/presence-damper.js';

describe('PresenceDamper: coalescing a flood of joins and leaves', () => {
  const sent: string[] = [];
  let damper: PresenceDamper;
  beforeEach(() => {
    sent.length = 0;
    damper = new PresenceDamper((frame) => sent.push(frame), { perWindow: 3, windowMs: 60 });
  });
  afterEach(() => damper.close());

  it('sends joins and leaves as they come while under the window’s budget', () => {
    damper.offer('a', true, 'a+');
    damper.offer('b', true, 'b+');
    damper.offer('a', false, 'a-');
    expect(sent).to.deep.equal(['a+', 'b+', 'a-']);
  });

  it('past the budget, sends only each session’s net change when the window ends', async () => {
    for (const frame of ['x+', 'x-', 'x+']) damper.offer('x', frame === 'x+', frame); // the budget
    damper.offer('x', false, 'x-'); // held from here: x was last announced present
    damper.offer('x', true, 'x+');
    damper.offer('x', false, 'x-');
    damper.offer('ghost', true, 'ghost+'); // in and out within the window: never announced
    damper.offer('ghost', false, 'ghost-');
    damper.offer('stayer', true, 'stayer+'); // came and stayed: announced once
    expect(sent).to.deep.equal(['x+', 'x-', 'x+']);
    await sleep(100);
    expect(sent).to.deep.equal(['x+', 'x-', 'x+', 'x-', 'stayer+']);
  });

  it('close drops what is held and stops its timer', async () => {
    for (let i = 0; i < 5; i++) damper.offer(`s${i}`, true, `s${i}+`);
    damper.close();
    await sleep(100);
    expect(sent).to.deep.equal(['s0+', 's1+', 's2+']);
  });
});
