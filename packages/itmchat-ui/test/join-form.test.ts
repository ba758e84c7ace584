import { expect } from 'chai';
import type { Snapshot } from '@itmchat/protocol';
import { hook, message, mountOnPage, settle } from './support/dom.js';
import { EMPTY_SNAPSHOT } from './support/fake-client.js';

const JOINED_SNAPSHOT: Snapshot = {
  ...EMPTY_SNAPSHOT,
  state: 'joined',
  nick: 'ana',
  place: 'lobby',
  members: ['bob', 'ana'],
  messages: [message(1), message(2)],
};

function submitNick(host: HTMLElement, nick: string): void {
  hook<HTMLInputElement>(host, 'nick').value = nick;
  hook<HTMLButtonElement>(host, 'join').click();
}

describe('join-form', () => {
  it('submitting calls client.join with the nick, and the button waits for the answer', async () => {
    const { host, client } = mountOnPage();
    submitNick(host, '  ana ');
    expect(client.callsOf('join')).to.deep.equal(['ana']);
    expect(hook<HTMLButtonElement>(host, 'join').disabled).to.equal(true);
    submitNick(host, 'ana');
    expect(client.callsOf('join')).to.have.length(1);
    client.last('join').resolve(JOINED_SNAPSHOT);
    await settle();
    expect(hook<HTMLButtonElement>(host, 'join').disabled).to.equal(false);
  });

  it('once joined: the snapshot is drawn, onJoin fires, the line input has the focus', async () => {
    const joins: [string, string][] = [];
    const { host, client, document } = mountOnPage({}, { callbacks: { onJoin: (nick, place) => joins.push([nick, place]) } });
    submitNick(host, 'ana');
    client.last('join').resolve(JOINED_SNAPSHOT);
    await settle();
    expect(host.dataset['itmchatState']).to.equal('joined');
    expect(host.querySelectorAll('[data-seq]')).to.have.length(2);
    expect(joins).to.deep.equal([['ana', 'lobby']]);
    expect(document.activeElement).to.equal(hook(host, 'input'));
  });

  it('when the state event comes before the answer, the focus still moves and onJoin fires once', async () => {
    const joins: string[] = [];
    const { host, client, document } = mountOnPage({}, { callbacks: { onJoin: (nick) => joins.push(nick) } });
    submitNick(host, 'ana');
    client.emit({ type: 'state', state: 'connecting', nick: 'ana', place: 'lobby' });
    expect(hook(host, 'status').textContent).to.equal('connecting…');
    client.emit({ type: 'snapshot', snapshot: JOINED_SNAPSHOT });
    expect(document.activeElement).to.equal(hook(host, 'input'));
    client.last('join').resolve(JOINED_SNAPSHOT);
    await settle();
    expect(joins).to.deep.equal(['ana']);
    expect(host.querySelectorAll('[data-seq]')).to.have.length(2);
  });

  it('a refusal is shown next to the field, as an alert', async () => {
    const { host, client, document } = mountOnPage();
    submitNick(host, 'bob');
    client.emit({ type: 'state', state: 'connecting', nick: null, place: null });
    client.last('join').reject({ code: 'NICK_TAKEN', message: 'someone else is called bob' });
    await settle();
    const error = hook(host, 'join-error');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.equal('someone else is called bob');
    expect(host.dataset['itmchatState']).to.equal('idle');
    const nick = hook<HTMLInputElement>(host, 'nick');
    expect(nick.getAttribute('aria-invalid')).to.equal('true');
    expect(document.activeElement).to.equal(nick);
    expect(hook(host, 'join-form').contains(error)).to.equal(true);
  });

  it('the refusal goes away on the next try', async () => {
    const { host, client } = mountOnPage();
    submitNick(host, 'bob');
    client.last('join').reject({ code: 'INVALID_NICK', message: 'bad nick' });
    await settle();
    submitNick(host, 'bobby');
    expect(hook(host, 'join-error').textContent).to.equal('');
    expect(hook(host, 'nick').hasAttribute('aria-invalid')).to.equal(false);
  });

  it('an empty nick asks for one without calling join', () => {
    const { host, client } = mountOnPage();
    submitNick(host, '   ');
    expect(client.callsOf('join')).to.deep.equal([]);
    expect(hook(host, 'join-error').textContent).to.equal('Type a nick to join.');
  });

  it('a refusal that is not an object is still shown', async () => {
    const { host, client } = mountOnPage();
    submitNick(host, 'ana');
    (client.last('join').reject as (reason: unknown) => void)('bridge gone');
    await settle();
    expect(hook(host, 'join-error').textContent).to.equal('bridge gone');
  });
});
