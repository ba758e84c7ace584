import { expect } from 'chai';
import { BRIDGE_VERSION, SNAPSHOT_MESSAGES, type OlderPage } from '@itmchat/protocol';
import { Bridge, EPOCH, flush, msg, msgs, type TestPage } from './support/bridge-harness.js';

function visible(page: TestPage, shown: boolean): void {
  page.post({ v: BRIDGE_VERSION, kind: 'ping', visible: shown });
}

describe('BridgeCore: one browser, one count, one alert', () => {
  it('marks the catch-up of a join as backlog, and what comes after as live', async () => {
    const b = new Bridge();
    const page = await b.joinedPage('Ana', msgs(1, 3));
    b.socket.push('userSay', { place: 'lobby', epoch: EPOCH, messages: [msg(4)] });
    await flush();
    expect(page.port.events('messages').map((e) => [e.messages.map((m) => m.seq), e.backlog ?? false])).to.deep.equal([
      [[1, 2, 3], true],
      [[4], false],
    ]);
  });

  it('counts live lines of others once while every page is hidden, alerts one page only, and clears the count in every page once one is seen', async () => {
    const b = new Bridge();
    const first = await b.joinedPage('Ana');
    const second = await b.page();
    visible(first, false);
    b.clock.advance(1_000);
    visible(second, true); // seen last
    visible(second, false);
    b.socket.push('userSay', { place: 'lobby', epoch: EPOCH, messages: [msg(1, 'bob'), msg(2, 'Ana'), msg(3, 'cy')] });
    await flush();
    for (const page of [first, second]) expect(page.port.events('unread')).to.deep.equal([{ type: 'unread', count: 2 }]);
    expect(first.port.events('alert')).to.deep.equal([]);
    expect(second.port.events('alert')).to.deep.equal([{ type: 'alert', place: 'lobby', message: msg(3, 'cy') }]);
    // A new page opened in the background is told the count in its snapshot.
    const third = new (second.constructor as typeof TestPage)(b.core);
    third.post({ v: BRIDGE_VERSION, kind: 'hello', serverUrl: 'wss://chat.example/ws', place: 'lobby', debug: false, visible: false });
    await flush();
    expect(third.port.welcomes()[0]!.snapshot.unread).to.equal(2);
    visible(first, true);
    for (const page of [first, second, third]) expect(page.port.events('unread').at(-1)).to.deep.equal({ type: 'unread', count: 0 });
    b.socket.push('userSay', { place: 'lobby', epoch: EPOCH, messages: [msg(4, 'bob')] });
    await flush();
    expect(second.port.events('unread')).to.have.length(2);
    expect(second.port.events('alert')).to.have.length(1);
  });

  it('a page from an older build, which never says whether it is visible, counts as visible', async () => {
    const b = new Bridge();
    const page = await b.joinedPage('Ana');
    b.socket.push('userSay', { place: 'lobby', epoch: EPOCH, messages: [msg(1, 'bob')] });
    await flush();
    expect(page.port.events('unread')).to.deep.equal([]);
  });
});

describe('BridgeCore: older messages for a page scrolling back', () => {
  it(`a snapshot carries the newest ${SNAPSHOT_MESSAGES}; older ones come from the browser's log without the server`, async () => {
    const b = new Bridge();
    const page = await b.joinedPage('Ana', msgs(1, 150));
    const snapshot = (await b.page()).port.welcomes()[0]!.snapshot;
    expect(snapshot.messages.map((m) => m.seq)).to.deep.equal(msgs(51, 150).map((m) => m.seq));
    const id = page.call('older', { place: 'lobby', before: 51 });
    await flush();
    const older = page.result(id) as OlderPage;
    expect(older.messages.map((m) => m.seq)).to.deep.equal(msgs(1, 50).map((m) => m.seq));
    expect(older.more).to.equal(false);
    expect(b.socket.calls.filter((c) => c.method === 'history')).to.deep.equal([]);
  });

  it('asks the server for what the browser lacks, takes the pieces that precede the reply, and keeps them', async () => {
    const b = new Bridge();
    const page = await b.joinedPage('Ana', msgs(201, 250));
    const id = page.call('older', { place: 'lobby', before: 201 });
    await flush();
    const call = b.socket.calls.find((c) => c.method === 'history')!;
    expect(call.params).to.deep.equal({ before: 201 });
    b.socket.push('history', { place: 'lobby', epoch: EPOCH, messages: msgs(101, 150) });
    b.socket.push('history', { place: 'lobby', epoch: EPOCH, messages: msgs(151, 200) });
    b.socket.reply(call.id, { place: 'lobby', epoch: EPOCH, from: 101, to: 200, oldest: 51 });
    await flush();
    const older = page.result(id) as OlderPage;
    expect(older.messages.map((m) => m.seq)).to.deep.equal(msgs(101, 200).map((m) => m.seq));
    expect(older.more).to.equal(true);
    expect(b.storage.logs.get('lobby')!.messages.map((m) => m.seq)).to.deep.equal(msgs(101, 250).map((m) => m.seq));
    // Nothing of it was told as new.
    expect(page.port.events('messages').flatMap((e) => e.messages.map((m) => m.seq))).to.deep.equal(msgs(201, 250).map((m) => m.seq));

    const last = page.call('older', { place: 'lobby', before: 101 });
    await flush();
    const next = b.socket.calls.filter((c) => c.method === 'history').at(-1)!;
    b.socket.push('history', { place: 'lobby', epoch: EPOCH, messages: msgs(51, 100) });
    b.socket.reply(next.id, { place: 'lobby', epoch: EPOCH, from: 51, to: 100, oldest: 51 });
    await flush();
    expect((page.result(last) as OlderPage).more, 'the first message the place keeps').to.equal(false);
  });

  it('refuses a place the visitor is no longer in, and says offline when the chat is not connected', async () => {
    const b = new Bridge();
    const page = await b.joinedPage('Ana', msgs(5, 6));
    const elsewhere = page.call('older', { place: 'kitchen', before: 5 });
    await flush();
    expect(page.errorCode(elsewhere)).to.equal('NOT_JOINED');
    b.socket.drop();
    await flush();
    const offline = page.call('older', { place: 'lobby', before: 5 });
    await flush();
    expect(page.errorCode(offline)).to.equal('OFFLINE');
  });
});
