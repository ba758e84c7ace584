import { expect } from 'chai';
import type { BridgeEndpoint } from '../src/endpoint.js';
import { leaderEndpoint, type InPageBridge } from '../src/leader-endpoint.js';

/** Web Locks as the fallback uses them: one exclusive lock, granted in request order, held until the callback's promise settles. */
class FakeLocks {
  readonly #waiting: (() => unknown)[] = [];
  #held = false;

  request(_name: string, callback: () => unknown): Promise<unknown> {
    this.#waiting.push(callback);
    this.#grantNext();
    return new Promise(() => undefined);
  }

  /** The holder's tab is gone: the browser frees its lock. */
  holderGone(): void {
    this.#held = false;
    this.#grantNext();
  }

  #grantNext(): void {
    if (this.#held) return;
    const next = this.#waiting.shift();
    if (!next) return;
    this.#held = true;
    void Promise.resolve()
      .then(next)
      .then(() => this.holderGone());
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('leaderEndpoint', () => {
  let locks: FakeLocks;
  let savedNavigator: PropertyDescriptor | undefined;
  let endpoints: BridgeEndpoint[];
  /** Tabs that built the bridge, in order: the leaders. */
  let leaders: string[];
  /** Tabs whose bridge was disposed, in order. */
  let disposed: string[];

  const tab = (label: string): BridgeEndpoint => {
    const bridge: InPageBridge = { connectPage: () => () => undefined, dispose: () => disposed.push(label) };
    const endpoint = leaderEndpoint('test', () => (leaders.push(label), bridge));
    endpoints.push(endpoint);
    return endpoint;
  };

  beforeEach(() => {
    locks = new FakeLocks();
    savedNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { locks }, configurable: true });
    endpoints = [];
    leaders = [];
    disposed = [];
  });

  afterEach(() => {
    for (const endpoint of endpoints) endpoint.close();
    delete (globalThis as { navigator?: unknown }).navigator;
    if (savedNavigator) Object.defineProperty(globalThis, 'navigator', savedNavigator);
  });

  it('a tab closed while waiting to lead hands the lock on, so the next tab leads', async () => {
    tab('A');
    const closedWhileWaiting = tab('B');
    tab('C');
    await tick();
    expect(leaders).to.deep.equal(['A']);
    closedWhileWaiting.close();
    locks.holderGone();
    await tick();
    expect(leaders).to.deep.equal(['A', 'C']);
  });

  it("closing the leading tab's endpoint disposes its bridge (timers and socket); a follower has none to dispose", async () => {
    const leader = tab('A');
    const follower = tab('B');
    await tick();
    follower.close();
    expect(disposed).to.deep.equal([]);
    leader.close();
    expect(disposed).to.deep.equal(['A']);
  });
});
