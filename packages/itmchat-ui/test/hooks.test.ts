import { expect } from 'chai';
import { defaultCallbacks } from '../src/callbacks.js';
import { HOOK_EVENTS, type ItmchatEventMap } from '../src/hooks.js';
import { hook, JOINED, message, mountOnPage, settle, type Mounted } from './support/dom.js';

type Seen = [keyof ItmchatEventMap, unknown];

/** Every itmchat:* event that reaches the document, with its detail. */
function listen(page: Mounted | { document: Document }): Seen[] {
  const seen: Seen[] = [];
  for (const type of Object.values(HOOK_EVENTS)) {
    page.document.addEventListener(type, (event) => seen.push([type, (event as CustomEvent).detail]));
  }
  return seen;
}

describe('hooks: onLeave and the DOM events', () => {
  it('HOOK_EVENTS names every callback that draws nothing, and only those', () => {
    const hooks = Object.keys(defaultCallbacks).filter((name) => name.startsWith('on'));
    expect(Object.keys(HOOK_EVENTS)).to.have.members(hooks);
  });

  it('onLeave fires after Leave with where the visitor was, before onStateChange(idle)', async () => {
    const order: string[] = [];
    const { host, client } = mountOnPage(JOINED, {
      callbacks: {
        onLeave: (nick, place) => order.push(`leave ${nick}@${place}`),
        onStateChange: (state) => order.push(`state ${state}`),
      },
    });
    hook<HTMLButtonElement>(host, 'leave').click();
    client.last('leave').resolve({});
    await settle();
    expect(order).to.deep.equal(['state joined', 'leave ana@lobby', 'state idle']);
  });

  it('onLeave fires when the session is lost while offline, not for a refused first join nor at mount', () => {
    const leaves: string[] = [];
    const onLeave = (nick: string, place: string): number => leaves.push(`${nick}@${place}`);
    const idle = mountOnPage({}, { callbacks: { onLeave } });
    idle.client.emit({ type: 'state', state: 'connecting', nick: null, place: null });
    idle.client.emit({ type: 'state', state: 'idle', nick: null, place: null });
    expect(leaves).to.deep.equal([]);

    const { client } = mountOnPage(JOINED, { callbacks: { onLeave } });
    client.emit({ type: 'state', state: 'joined', nick: 'ana', place: 'kitchen' });
    client.emit({ type: 'state', state: 'offline', nick: null, place: null });
    client.emit({ type: 'state', state: 'idle', nick: null, place: null });
    client.emit({ type: 'state', state: 'idle', nick: null, place: null });
    expect(leaves).to.deep.equal(['ana@kitchen']);
  });

  it('each hook also fires a bubbling itmchat:* event on the host, with its detail', () => {
    const page = mountOnPage({}, { callbacks: {} });
    const seen = listen(page);
    const onHost: string[] = [];
    page.host.addEventListener('itmchat:join', (event) => onHost.push(event.type));
    const { client } = page;
    client.emit({ type: 'state', state: 'joined', nick: 'ana', place: 'lobby' });
    client.emit({ type: 'messages', place: 'lobby', messages: [message(1)] });
    client.emit({ type: 'unread', count: 1 });
    client.emit({ type: 'unread', count: 0 });
    client.emit({ type: 'state', state: 'idle', nick: null, place: null });

    expect(onHost).to.deep.equal(['itmchat:join']);
    expect(seen.map(([type, detail]) => [type, type === 'itmchat:state' ? (detail as { state: string }).state : detail])).to.deep.equal([
      ['itmchat:join', { nick: 'ana', place: 'lobby' }],
      ['itmchat:state', 'joined'],
      ['itmchat:message', { message: message(1), place: 'lobby', own: false }],
      ['itmchat:unread', { count: 1 }],
      ['itmchat:unread', { count: 0 }],
      ['itmchat:leave', { nick: 'ana', place: 'lobby' }],
      ['itmchat:state', 'idle'],
    ]);
  });

  it('the state event carries the snapshot it was drawn from', () => {
    const page = mountOnPage();
    const seen: ItmchatEventMap['itmchat:state'][] = [];
    page.host.addEventListener('itmchat:state', (event) => seen.push((event as CustomEvent).detail));
    page.client.emit({ type: 'snapshot', snapshot: { ...page.client.snapshot, ...JOINED, messages: [message(4)] } });
    expect(seen).to.have.length(1);
    expect(seen[0]!.state).to.equal('joined');
    expect(seen[0]!.snapshot.messages.map((m) => m.seq)).to.deep.equal([4]);
  });

  it('events fire whatever the callbacks do, even when one throws', () => {
    const original = console.error;
    const errors: unknown[] = [];
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const page = mountOnPage(JOINED, {
        callbacks: {
          onMessage: () => {
            throw new Error('analytics down');
          },
        },
      });
      const seen = listen(page);
      page.client.emit({ type: 'messages', place: 'lobby', messages: [message(1), message(2, 'ana')] });
      expect(seen.map(([type, detail]) => [type, (detail as { own: boolean }).own])).to.deep.equal([
        ['itmchat:message', false],
        ['itmchat:message', true],
      ]);
      expect(errors).to.have.length(2);
    } finally {
      console.error = original;
    }
  });

  it('no event after unmount but the unread count going back to 0', () => {
    const page = mountOnPage(JOINED);
    page.client.emit({ type: 'unread', count: 1 });
    const seen = listen(page);
    page.chat.unmount();
    page.client.emit({ type: 'state', state: 'idle', nick: null, place: null });
    expect(seen).to.deep.equal([['itmchat:unread', { count: 0 }]]);
  });
});
