import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { COMMAND_HELP } from '@itmchat/protocol';
import { hook, JOINED, message, mountOnPage, settle, submitLine } from './support/dom.js';

const CSS = readFileSync(new URL('../src/itmchat.css', import.meta.url), 'utf8');

describe('itmchat.css', () => {
  it('is driven by the documented custom properties', () => {
    for (const name of ['bg', 'fg', 'accent', 'font', 'radius', 'border', 'muted', 'error']) {
      expect(CSS, name).to.contain(`var(--itmchat-${name},`);
    }
  });

  it('does not declare the public properties itself (that would hide a site’s values set on an ancestor)', () => {
    expect(CSS).not.to.match(/^\s*--itmchat-[a-z-]+\s*:/m);
  });

  it('has a rule for every class the default UI puts on the page', async () => {
    const { host, client } = mountOnPage({
      ...JOINED,
      state: 'offline',
      messages: [message(1), message(2, 'ana')],
      gaps: [{ from: 3, to: 4 }],
    });
    client.emit({ type: 'pending', line: { cid: 'c1', text: 'x' } });
    client.emit({ type: 'presence', place: 'lobby', nick: 'bob', change: 'join' });
    client.emit({ type: 'dropped', cid: 'c9', error: { code: 'TEXT_TOO_LONG', message: 'no' } });
    client.emit({ type: 'notice', code: 'NICK_LOST', message: 'join again' });
    submitLine(hook<HTMLInputElement>(host, 'input'), 'hello');
    client.last('say').reject({ code: 'NOT_JOINED', message: 'no' });
    submitLine(hook<HTMLInputElement>(host, 'input'), '-help');
    client.last('command').resolve({ command: 'help', commands: COMMAND_HELP });
    submitLine(hook<HTMLInputElement>(host, 'input'), '-x');
    client.last('command').reject({ code: 'UNKNOWN_COMMAND', message: 'no' });
    await settle();
    const classes = new Set([...host.querySelectorAll('[class]')].flatMap((e) => [...e.classList]));
    expect(classes.size).to.be.greaterThan(15);
    const missing = [...classes].filter((name) => !CSS.includes(`.${name}`));
    expect(missing).to.deep.equal([]);
  });
});
