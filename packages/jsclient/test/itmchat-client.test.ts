import { expect } from 'chai';
import { BRIDGE_VERSION, BridgeErrorCode, type PageMessage, type Snapshot, type WorkerMessage } from '@itmchat/protocol';
import { ChatClientError } from '../src/client-error.js';
import type { BridgeEndpoint } from '../src/endpoint.js';
import { ItmchatClient } from '../src/itmchat-client.js';

type WithoutVersion<T> = T extends unknown ? Omit<T, 'v'> : never;

/** An endpoint that records what the page posts and lets the test answer as the worker. */
class FakeEndpoint implements BridgeEndpoint {
  readonly posted: PageMessage[] = [];
  onmessage: ((message: WorkerMessage) => void) | null = null;
  onreset: (() => void) | null = null;
  closed = false;
  post(message: PageMessage) {
    this.posted.push(message);
  }
  close() {
    this.closed = true;
  }
  worker(message: WithoutVersion<WorkerMessage>) {
    this.onmessage?.({ v: BRIDGE_VERSION, ...message });
  }
  calls() {
    return this.posted.filter((m): m is Extract<PageMessage, { kind: 'call' }> => m.kind === 'call');
  }
}

const joined: Snapshot = {
  state: 'joined',
  nick: 'ana',
  place: 'lobby',
  members: ['ana'],
  messages: [{ seq: 1, at: 10, nick: 'bob', text: 'hi' }],
  gaps: [],
  pending: [],
};
const options = { serverUrl: 'ws://chat.test/ws', place: 'lobby', debug: false };

describe('ItmchatClient', () => {
  let endpoints: FakeEndpoint[];
  let client: ItmchatClient;
  const current = () => endpoints.at(-1)!;

  beforeEach(() => {
    endpoints = [];
    client = new ItmchatClient(() => {
      const endpoint = new FakeEndpoint();
      endpoints.push(endpoint);
      return endpoint;
    }, options);
  });
  afterEach(() => client.close());

  it('says hello with its settings and is ready on the welcome snapshot', async () => {
    // Node has no document: a page without one counts as visible.
    expect(current().posted[0]).to.deep.equal({ v: BRIDGE_VERSION, kind: 'hello', ...options, visible: true });
    current().worker({ kind: 'welcome', snapshot: joined });
    await client.ready();
    expect(client.snapshot).to.deep.equal(joined);
  });

  it('matches results and errors to calls by id', async () => {
    current().worker({ kind: 'welcome', snapshot: joined });
    const saying = client.say('hello');
    const commanding = client.command('-bogus');
    const [say, command] = current().calls();
    expect(say).to.deep.include({ method: 'say', params: { text: 'hello' } });
    expect(command!.id).to.not.equal(say!.id);
    current().worker({ kind: 'error', id: command!.id, error: { code: 'UNKNOWN_COMMAND', message: 'no' } });
    current().worker({ kind: 'result', id: say!.id, result: { seq: 2, at: 11, nick: 'ana', text: 'hello' } });
    expect(await saying).to.deep.equal({ seq: 2, at: 11, nick: 'ana', text: 'hello' });
    const error = await commanding.catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ChatClientError).and.include({ code: 'UNKNOWN_COMMAND' });
  });

  it('keeps its snapshot current from events and passes them to listeners', () => {
    current().worker({ kind: 'welcome', snapshot: joined });
    const seen: string[] = [];
    const off = client.on('messages', (event) => seen.push(event.messages.map((m) => m.text).join()));
    current().worker({ kind: 'event', event: { type: 'pending', line: { cid: 'c1', text: 'mine' } } });
    current().worker({
      kind: 'event',
      event: { type: 'messages', place: 'lobby', messages: [{ seq: 2, at: 12, nick: 'ana', text: 'mine', cid: 'c1' }] },
    });
    off();
    current().worker({
      kind: 'event',
      event: { type: 'messages', place: 'lobby', messages: [{ seq: 3, at: 13, nick: 'bob', text: 'unheard' }] },
    });
    expect(seen).to.deep.equal(['mine']);
    expect(client.snapshot.messages.map((m) => m.seq)).to.deep.equal([1, 2, 3]);
    expect(client.snapshot.pending).to.deep.equal([]);
  });

  it('says bye on goodbye, and after a back/forward restore attaches anew with a fresh hello', async () => {
    current().worker({ kind: 'welcome', snapshot: joined });
    client.goodbye();
    expect(current().posted.at(-1)).to.deep.equal({ v: BRIDGE_VERSION, kind: 'bye' });
    expect(current().closed).to.equal(true);
    const reattached = client.reattach();
    expect(endpoints).to.have.length(2);
    expect(current().posted[0]).to.include({ kind: 'hello' });
    current().worker({ kind: 'welcome', snapshot: { ...joined, members: ['ana', 'bob'] } });
    await reattached;
    expect(client.snapshot.members).to.deep.equal(['ana', 'bob']);
  });

  it('says hello again when the bridge behind the endpoint is replaced', () => {
    current().onreset!();
    expect(current().posted.filter((m) => m.kind === 'hello')).to.have.length(2);
  });

  it('rejects calls in flight with DISCONNECTED when the bridge behind the endpoint is replaced', async () => {
    current().worker({ kind: 'welcome', snapshot: joined });
    const joining = client.join('ana');
    current().onreset!();
    const outcome = await Promise.race([
      joining.catch((e: unknown) => e),
      new Promise((resolve) => setImmediate(resolve, 'still pending')),
    ]);
    expect(outcome).to.be.instanceOf(ChatClientError).and.include({ code: BridgeErrorCode.Disconnected });
    const saying = client.say('after the change');
    const say = current().calls().at(-1)!;
    current().worker({ kind: 'result', id: say.id, result: { seq: 2, at: 11, nick: 'ana', text: 'after the change' } });
    expect(await saying).to.include({ seq: 2 });
  });
});

describe('ItmchatClient behind a bridge that changes before it answers', () => {
  it('is ready on the first welcome even when it had to say hello twice', async () => {
    const endpoint = new FakeEndpoint();
    const client = new ItmchatClient(() => endpoint, options);
    const ready = client.ready();
    endpoint.onreset!(); // a leader tab took over before answering the first hello
    endpoint.worker({ kind: 'welcome', snapshot: joined });
    await ready;
    expect(client.snapshot).to.deep.equal(joined);
    client.close();
  });
});
