import { expect } from 'chai';
import { COMMAND_HELP, type CommandResult } from '@itmchat/protocol';
import { hook, JOINED, message, mountOnPage, settle, submitLine, logEntries } from './support/dom.js';

function replies(host: HTMLElement): HTMLElement[] {
  return [...host.querySelectorAll<HTMLElement>('[data-itmchat-entry="reply"]')];
}

const HELP_LIST = COMMAND_HELP.map(({ usage, summary }) => ({ usage, summary }));

const results: readonly (readonly [string, CommandResult, string])[] = [
  ['-folks', { command: 'folks', place: 'lobby', members: ['ana', 'bob'] }, '2 people in lobby:anabob'],
  [
    '-all folks',
    {
      command: 'allFolks',
      folks: [
        { nick: 'ana', place: 'lobby' },
        { nick: 'bob', place: 'kitchen' },
      ],
    },
    '2 people here:ana in lobbybob in kitchen',
  ],
  [
    '-places',
    {
      command: 'places',
      places: [
        { name: 'lobby', count: 1 },
        { name: 'kitchen', count: 1 },
      ],
    },
    '2 places:lobby (1)kitchen (1)',
  ],
  ['/goto kitchen', { command: 'goto', place: { name: 'kitchen', epoch: 'e1', head: 0, members: ['ana'] } }, 'you went to kitchen'],
  ['-where', { command: 'where', place: 'lobby' }, 'you are in lobby'],
  ['-where is bob', { command: 'whereIs', nick: 'bob', place: 'kitchen' }, 'bob is in kitchen'],
  ['-where is zed', { command: 'whereIs', nick: 'zed', place: null }, 'zed is not here'],
  ['-help', { command: 'help', commands: HELP_LIST }, `commands:${HELP_LIST.map((c) => `${c.usage} — ${c.summary}`).join('')}`],
];

describe('line-form', () => {
  it('a normal line goes to client.say and the input is cleared', () => {
    const { host, client } = mountOnPage(JOINED);
    const input = hook<HTMLInputElement>(host, 'input');
    submitLine(input, 'hello all');
    expect(client.callsOf('say')).to.deep.equal(['hello all']);
    expect(client.callsOf('command')).to.deep.equal([]);
    expect(input.value).to.equal('');
  });

  it('the Send button sends too', () => {
    const { host, client } = mountOnPage(JOINED);
    hook<HTMLInputElement>(host, 'input').value = 'via button';
    hook<HTMLButtonElement>(host, 'send').click();
    expect(client.callsOf('say')).to.deep.equal(['via button']);
  });

  it('lines that only look like commands are chat text; blank lines are not sent', () => {
    const { host, client } = mountOnPage(JOINED);
    const input = hook<HTMLInputElement>(host, 'input');
    submitLine(input, '-1 for that');
    submitLine(input, '/ ok');
    submitLine(input, '   ');
    expect(client.callsOf('say')).to.deep.equal(['-1 for that', '/ ok']);
    expect(input.value).to.equal('   ');
  });

  for (const [line, result, text] of results) {
    it(`${line} goes to client.command and its ${result.command} reply shows in the log`, async () => {
      const { host, client } = mountOnPage(JOINED);
      const input = hook<HTMLInputElement>(host, 'input');
      submitLine(input, line);
      expect(client.callsOf('command')).to.deep.equal([line]);
      expect(client.callsOf('say')).to.deep.equal([]);
      expect(input.value).to.equal('');
      client.last('command').resolve(result);
      await settle();
      const [reply] = replies(host);
      expect(reply!.textContent).to.equal(text);
      expect(reply!.dataset['command']).to.equal(result.command);
      expect(reply!.hasAttribute('data-seq')).to.equal(false);
      expect(hook(host, 'log').contains(reply!)).to.equal(true);
    });
  }

  it('a refused command shows its error as a system reply', async () => {
    const { host, client } = mountOnPage(JOINED);
    submitLine(hook<HTMLInputElement>(host, 'input'), '-goto');
    client.last('command').reject({ code: 'COMMAND_USAGE', message: 'usage: -goto <place>' });
    await settle();
    const [reply] = replies(host);
    expect(reply!.textContent).to.equal('usage: -goto <place>');
    expect(reply!.dataset['code']).to.equal('COMMAND_USAGE');
    expect(reply!.classList.contains('itmchat-reply--error')).to.equal(true);
    expect(reply!.hasAttribute('data-seq')).to.equal(false);
  });

  it('replies are text, whatever names they carry', async () => {
    const { host, client } = mountOnPage(JOINED);
    submitLine(hook<HTMLInputElement>(host, 'input'), '-folks');
    client.last('command').resolve({ command: 'folks', place: '<script>x</script>', members: ['<img src=x onerror=alert(1)>'] });
    await settle();
    expect(host.querySelectorAll('img, script')).to.have.length(0);
    expect(replies(host)[0]!.textContent).to.contain('<img src=x onerror=alert(1)>');
  });

  it('a say refused before it was pending is explained once', async () => {
    const { host, client } = mountOnPage(JOINED);
    submitLine(hook<HTMLInputElement>(host, 'input'), 'hello');
    client.last('say').reject({ code: 'NOT_JOINED', message: 'join first' });
    await settle();
    const notices = [...host.querySelectorAll('.itmchat-notice')].map((e) => e.textContent);
    expect(notices).to.deep.equal(['not sent: join first']);
  });

  it('a say refused after its pending line was dropped is not explained twice', async () => {
    const { host, client } = mountOnPage(JOINED);
    submitLine(hook<HTMLInputElement>(host, 'input'), 'x'.repeat(5));
    client.emit({ type: 'pending', line: { cid: 'c1', text: 'xxxxx' } });
    client.emit({ type: 'dropped', cid: 'c1', error: { code: 'TEXT_TOO_LONG', message: 'too long' } });
    client.last('say').reject({ code: 'TEXT_TOO_LONG', message: 'too long' });
    await settle();
    const notices = [...host.querySelectorAll('.itmchat-notice')].map((e) => e.textContent);
    expect(notices).to.deep.equal(['not sent: “xxxxx” (too long)']);
    expect(host.querySelector('[data-cid]')).to.equal(null);
  });

  it('a say refused for good puts its text back in the field for editing, unless something new was typed', async () => {
    const { host, client } = mountOnPage(JOINED);
    const input = hook<HTMLInputElement>(host, 'input');
    submitLine(input, 'too long a line');
    expect(input.value).to.equal('');
    client.last('say').reject({ code: 'TEXT_TOO_LONG', message: 'too long' });
    await settle();
    expect(input.value).to.equal('too long a line');
    submitLine(input, 'another');
    input.value = 'typing the next one';
    client.last('say').reject({ code: 'TEXT_TOO_LONG', message: 'too long' });
    await settle();
    expect(input.value).to.equal('typing the next one');
  });

  it('a say that succeeds adds nothing by itself: the messages event draws it', async () => {
    const { host, client } = mountOnPage(JOINED);
    submitLine(hook<HTMLInputElement>(host, 'input'), 'hi');
    client.last('say').resolve(message(1, 'ana', 'hi'));
    await settle();
    expect(logEntries(hook(host, 'log'))).to.have.length(0);
  });
});
