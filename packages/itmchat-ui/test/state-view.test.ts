import { expect } from 'chai';
import type { ChatState } from '@itmchat/protocol';
import { statusText } from '../src/state-view.js';
import { hook, mountOnPage } from './support/dom.js';

describe('state-view', () => {
  it('status line per state', () => {
    expect(statusText('idle', true)).to.equal('');
    expect(statusText('joined', false)).to.equal('');
    expect(statusText('connecting', true)).to.equal('connecting…');
    expect(statusText('connecting', false)).to.equal('reconnecting…');
    expect(statusText('offline', false)).to.contain('reconnecting…');
  });

  it('idle shows the join form only', () => {
    const { host } = mountOnPage();
    expect(host.dataset['itmchatState']).to.equal('idle');
    expect(hook(host, 'join-form').hidden).to.equal(false);
    expect(hook(host, 'chat').hidden).to.equal(true);
    expect(hook<HTMLInputElement>(host, 'nick').type).to.equal('text');
    expect(hook(host, 'join').tagName).to.equal('BUTTON');
  });

  const active: readonly [ChatState, string][] = [
    ['joined', ''],
    ['connecting', 'reconnecting…'],
    ['offline', 'connection lost, reconnecting…'],
  ];
  for (const [state, status] of active) {
    it(`${state} shows place, log, line input, leave${status ? ' and the status line' : ''}`, () => {
      const { host } = mountOnPage({ state, nick: 'ana', place: 'lobby' });
      expect(host.dataset['itmchatState']).to.equal(state);
      expect(hook(host, 'join-form').hidden).to.equal(true);
      expect(hook(host, 'chat').hidden).to.equal(false);
      expect(hook(host, 'place').textContent).to.equal('lobby');
      expect(hook(host, 'me').textContent).to.equal('ana');
      expect(hook(host, 'log').getAttribute('role')).to.equal('log');
      expect(hook(host, 'input').tagName).to.equal('TEXTAREA');
      expect(hook(host, 'leave').tagName).to.equal('BUTTON');
      expect(hook(host, 'status').hidden).to.equal(status === '');
      expect(hook(host, 'status').textContent).to.equal(status);
    });
  }

  it('follows state events', () => {
    const { host, client } = mountOnPage({ state: 'joined', nick: 'ana', place: 'lobby' });
    client.emit({ type: 'state', state: 'offline', nick: 'ana', place: 'lobby' });
    expect(host.dataset['itmchatState']).to.equal('offline');
    expect(hook(host, 'status').hidden).to.equal(false);
    client.emit({ type: 'state', state: 'connecting', nick: 'ana', place: 'lobby' });
    expect(hook(host, 'status').textContent).to.equal('reconnecting…');
    client.emit({ type: 'state', state: 'joined', nick: 'ana', place: 'kitchen' });
    expect(host.dataset['itmchatState']).to.equal('joined');
    expect(hook(host, 'status').hidden).to.equal(true);
    expect(hook(host, 'place').textContent).to.equal('kitchen');
    client.emit({ type: 'state', state: 'idle', nick: null, place: null });
    expect(hook(host, 'join-form').hidden).to.equal(false);
  });
});
