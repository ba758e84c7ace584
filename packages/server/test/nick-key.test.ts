import { expect } from 'chai';
import { nameKey } from '@itmchat/protocol';
import { checkNick, nickKey, skeleton } from '../src/nick-key.js';

const show = (s: string) => JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('skeleton (UTS #39)', () => {
  it('maps each character to its prototype in confusables.txt, in NFD', () => {
    expect(skeleton('\u0430')).to.equal('a'); // Cyrillic а
    expect(skeleton('\u0391')).to.equal('A'); // Greek Α
    expect(skeleton('I')).to.equal('l');
    expect(skeleton('0')).to.equal('O');
    expect(skeleton('m')).to.equal('rn');
    expect(skeleton('é')).to.equal('e\u0301');
  });

  it('leaves prototypes alone', () => {
    for (const text of ['ana', 'bob', 'l', 'O', 'rn', 'e\u0301']) expect(skeleton(text)).to.equal(text);
  });
});

describe('nickKey', () => {
  const sameNick: readonly (readonly string[])[] = [
    ['ana', 'Ana', 'ANA', 'ａｎａ', '\u0430na', '\u0430n\u0430', '\u0410NA', 'an\u03b1'],
    ['paypal', 'paypaI', 'paypa1', 'PAYPAL', 'p\u0430ypal', 'PAYPA1', '𝗉𝖺𝗒𝗉𝖺𝗅'],
    ['bob', 'BOB', 'B0B', 'b0b', '\u0412\u041e\u0412'],
    ['niko', 'NIKO', '\u039d\u0399\u039a\u039f'], // Greek ΝΙΚΟ
    ['mom', 'rnorn'],
    ['Zoé', 'Zoe\u0301', 'ZOÉ'],
  ];

  for (const nicks of sameNick) {
    it(`gives ${nicks.map(show).join(', ')} one key`, () => {
      const keys = new Set(nicks.map(nickKey));
      expect([...keys], nicks.map(show).join(' ')).to.have.lengthOf(1);
    });
  }

  it('counts lower-case i and l as one letter, because upper-case I and l look alike and nicks ignore case', () => {
    expect(nickKey('ian')).to.equal(nickKey('Ian')).and.equal(nickKey('lan'));
  });

  it('keeps different nicks apart', () => {
    const different = ['ana', 'anna', 'bob', 'rob', 'ivan', 'lana', 'Наташа', '李小龍', 'مريم', 'अनिल', 'สมชาย'];
    expect(new Set(different.map(nickKey))).to.have.lengthOf(different.length);
  });

  it('is the protocol key for names with no look-alike letters, so stored claims keep working', () => {
    for (const nick of ['ana', 'Bob', 'zoé', 'kate_42', 'x.y-z', '李小龍']) expect(nickKey(nick), nick).to.equal(nameKey(nick));
  });

  it('is NFC, however the nick was typed', () => {
    expect(nickKey('Zoe\u0301')).to.equal('zoé');
  });
});

describe('checkNick', () => {
  it('is checkName with the server key', () => {
    expect(checkNick('\u0430na')).to.deep.equal({ ok: true, name: '\u0430na', key: 'ana' });
    expect(checkNick('Zoe\u0301')).to.deep.equal({ ok: true, name: 'Zoé', key: 'zoé' });
  });

  it('refuses what checkName refuses, with its reason', () => {
    expect(checkNick('ana\u3164')).to.deep.equal({ ok: false, reason: 'must not hold invisible characters' });
    expect(checkNick('')).to.deep.equal({ ok: false, reason: 'must not be empty' });
  });
});
