import { expect } from 'chai';
import { describeResult } from '../src/describe-result.js';
import { gapText, presenceText } from '../src/notice-text.js';
import { ENGLISH, FRENCH, LANGUAGES, fill, plural, resolveStrings } from '../src/strings.js';
import { hook, JOINED, message, mountOnPage } from './support/dom.js';

describe('strings', () => {
  it('every shipped language has every word of the English table', () => {
    for (const [lang, table] of Object.entries(LANGUAGES)) {
      expect(Object.keys(table).sort(), lang).to.deep.equal(Object.keys(ENGLISH).sort());
    }
  });

  it('picks the language asked for, else the page’s own, else English; overrides win one by one', () => {
    expect(resolveStrings('fr').joinButton).to.equal('Rejoindre');
    expect(resolveStrings('fr-CA').locale).to.equal('fr-CA');
    expect(resolveStrings(undefined, {}, 'fr-BE').joinButton).to.equal('Rejoindre');
    expect(resolveStrings('xx', {}, 'yy').joinButton).to.equal('Join');
    const custom = resolveStrings('fr', { joinButton: 'Entrer', errors: { NICK_TAKEN: 'pris !' } });
    expect(custom.joinButton).to.equal('Entrer');
    expect(custom.leaveButton).to.equal('Quitter');
    expect(custom.errors['NICK_TAKEN']).to.equal('pris !');
    expect(custom.errors['RATE_LIMITED']).to.equal(FRENCH.errors['RATE_LIMITED']);
  });

  it('counts with the plural rules of the locale (French: 0 and 1 take the singular)', () => {
    expect(gapText({ from: 1, to: 1 })).to.equal('1 message could not be recovered');
    expect(plural(ENGLISH, ENGLISH.newMessages, 0)).to.equal('0 new messages');
    expect(plural(FRENCH, FRENCH.newMessages, 0)).to.equal('0 nouveau message');
    expect(plural(FRENCH, FRENCH.newMessages, 2)).to.equal('2 nouveaux messages');
    expect(plural(FRENCH, FRENCH.lost, 2)).to.equal('2 messages n’ont pas pu être récupérés');
    expect(describeResult({ command: 'folks', place: 'cuisine', members: ['ana'] }, FRENCH).heading).to.equal('1 personne dans cuisine :');
    expect(presenceText({ nick: 'ana', change: 'leave', reason: 'timeout' }, FRENCH)).to.equal('ana est parti·e (délai dépassé)');
  });

  it('fill leaves an unknown slot as written', () => {
    expect(fill('{nick} in {place}', { nick: 'ana' })).to.equal('ana in {place}');
  });

  it('a chat mounted with lang "fr" speaks French: labels, placeholder, dates and counts', () => {
    const { host, client } = mountOnPage({ ...JOINED, messages: [message(1)] }, { lang: 'fr' });
    expect(hook(host, 'join').textContent).to.equal('Rejoindre');
    expect(hook<HTMLTextAreaElement>(host, 'input').placeholder).to.equal('Message, ou -help pour les commandes');
    expect(host.querySelector('.itmchat-day')!.textContent).to.equal('jeudi 1 mai 2008');
    expect(host.querySelector('.itmchat-time')!.getAttribute('title')).to.match(/^jeudi 1 mai 2008/);
    client.emit({ type: 'gap', place: 'lobby', gap: { from: 2, to: 4 }, reason: 'trimmed' });
    expect(host.querySelector('.itmchat-gap')!.textContent).to.equal('3 messages n’ont pas pu être récupérés');
  });
});
