import { expect } from 'chai';
import { BRIDGE_VERSION, type WorkerMessage } from '@itmchat/protocol';
import { PageRegistry } from '../src/pages.js';
import { FakeClock } from './support/fake-clock.js';
import { FakePort } from './support/fake-port.js';

const TIMEOUT = 30_000;
const message: WorkerMessage = { v: BRIDGE_VERSION, kind: 'event', event: { type: 'notice', code: 'X', message: 'hi' } };

function setup() {
  const clock = new FakeClock();
  let emptied = 0;
  const registry = new PageRegistry(clock, TIMEOUT, () => emptied++);
  return { clock, registry, emptied: () => emptied };
}

describe('PageRegistry', () => {
  it('touch adds a page once; remove takes it out and closes its port', () => {
    const { registry } = setup();
    const a = new FakePort();
    registry.touch(a);
    registry.touch(a);
    expect(registry.size).to.equal(1);
    expect(registry.has(a)).to.equal(true);
    registry.remove(a);
    expect(registry.size).to.equal(0);
    expect(registry.has(a)).to.equal(false);
    expect(a.closed).to.equal(true);
  });

  it('removing an unknown page does nothing (no close, no onEmpty)', () => {
    const { registry, emptied } = setup();
    const stranger = new FakePort();
    registry.remove(stranger);
    expect(stranger.closed).to.equal(false);
    expect(emptied()).to.equal(0);
  });

  it('broadcast posts to every page, and not to removed ones', () => {
    const { registry } = setup();
    const [a, b, c] = [new FakePort(), new FakePort(), new FakePort()];
    for (const p of [a, b, c]) registry.touch(p);
    registry.remove(b);
    registry.broadcast(message);
    expect(a.posted).to.deep.equal([message]);
    expect(c.posted).to.deep.equal([message]);
    expect(b.posted).to.deep.equal([]);
  });

  it('calls onEmpty only when the last page goes', () => {
    const { registry, emptied } = setup();
    const [a, b] = [new FakePort(), new FakePort()];
    registry.touch(a);
    registry.touch(b);
    registry.remove(a);
    expect(emptied()).to.equal(0);
    registry.remove(b);
    expect(emptied()).to.equal(1);
    registry.remove(b);
    expect(emptied()).to.equal(1);
  });

  it('sweep drops a page silent longer than timeoutMs, keeps one that pinged', () => {
    const { clock, registry, emptied } = setup();
    const [silent, alive] = [new FakePort(), new FakePort()];
    registry.touch(silent);
    registry.touch(alive);
    for (let t = 0; t < 2 * TIMEOUT; t += 5_000) {
      clock.advance(5_000);
      registry.touch(alive);
    }
    expect(silent.closed).to.equal(true);
    expect(registry.has(silent)).to.equal(false);
    expect(registry.has(alive)).to.equal(true);
    expect(alive.closed).to.equal(false);
    expect(emptied()).to.equal(0);
  });

  const timings: [name: string, silentFor: number, dropped: boolean][] = [
    ['keeps a page silent for less than timeoutMs', TIMEOUT - 1, false],
    ['keeps a page silent for exactly timeoutMs', TIMEOUT, false],
    ['drops a page silent for timeoutMs and a sweep period', TIMEOUT + TIMEOUT / 3 + 1, true],
  ];
  for (const [name, silentFor, dropped] of timings) {
    it(name, () => {
      const { clock, registry } = setup();
      const page = new FakePort();
      registry.touch(page);
      clock.advance(silentFor);
      expect(registry.has(page)).to.equal(!dropped);
    });
  }

  it('the last page timing out calls onEmpty and stops sweeping', () => {
    const { clock, registry, emptied } = setup();
    registry.touch(new FakePort());
    clock.advance(2 * TIMEOUT);
    expect(registry.size).to.equal(0);
    expect(emptied()).to.equal(1);
    expect(clock.pendingCount, 'no sweep left running').to.equal(0);
  });

  it('keeps one sweep timer however many pages touch', () => {
    const { clock, registry } = setup();
    for (let i = 0; i < 5; i++) registry.touch(new FakePort());
    expect(clock.pendingCount).to.equal(1);
  });
});
