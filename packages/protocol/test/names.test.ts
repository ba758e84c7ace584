import { expect } from 'chai';
import { NAME_MAX_LENGTH, checkName, nameKey } from '../src/index.js';

describe('checkName', () => {
  const valid: readonly (readonly [label: string, name: string])[] = [
    ['ASCII letters', 'Ana'],
    ['digits, "_", "-" and "."', 'bob_42-x.y'],
    ['a single character', 'a'],
    ['a single digit', '7'],
    ['Latin with accents', 'Émile'],
    ['Greek', 'Ἀλέξανδρος'],
    ['Cyrillic', 'Наташа'],
    ['CJK', '李小龍'],
    ['Arabic', 'مريم'],
    ['full-width Latin', 'ａｎａ'],
    ['24 ASCII characters', 'a'.repeat(24)],
    ['24 non-BMP letters (48 code units)', '𝒜'.repeat(24)],
  ];

  for (const [label, name] of valid) {
    it(`accepts ${label}: ${name}`, () => {
      expect(checkName(name)).to.deep.equal({ ok: true, name, key: nameKey(name) });
    });
  }

  it('normalises to NFC before checking and counting', () => {
    const decomposed = 'Zoe\u0301';
    expect(checkName(decomposed)).to.deep.equal({ ok: true, name: 'Zoé', key: 'zoé' });
    expect(checkName('e\u0301'.repeat(24))).to.include({ ok: true, name: 'é'.repeat(24) });
  });

  const invalid: readonly (readonly [label: string, name: string, reason: string])[] = [
    ['empty', '', 'must not be empty'],
    ['25 ASCII characters', 'a'.repeat(25), `at most ${NAME_MAX_LENGTH} characters`],
    ['25 non-BMP letters', '𝒜'.repeat(25), 'at most'],
    ['a leading space', ' Ana', 'only letters'],
    ['a trailing space', 'Ana ', 'only letters'],
    ['an inner space', 'Ana Bob', 'only letters'],
    ['only spaces', '   ', 'only letters'],
    ['a no-break space', 'Ana\u00a0B', 'only letters'],
    ['a zero-width space', 'Ana\u200b', 'only letters'],
    ['a lone zero-width space', '\u200b', 'only letters'],
    ['a zero-width joiner', 'A\u200dna', 'only letters'],
    ['a right-to-left override', '\u202eanA', 'only letters'],
    ['a soft hyphen', 'An\u00ada', 'only letters'],
    ['a NUL', 'Ana\u0000', 'only letters'],
    ['a newline', 'Ana\n', 'only letters'],
    ['a tab', 'A\tna', 'only letters'],
    ['DEL', 'Ana\u007f', 'only letters'],
    ['a C1 control', 'Ana\u0085', 'only letters'],
    ['an exclamation mark', 'Ana!', 'only letters'],
    ['an at sign', '@Ana', 'only letters'],
    ['a comma', 'Ana,Bob', 'only letters'],
    ['a slash', 'a/b', 'only letters'],
    ['a quote', "O'Neil", 'only letters'],
    ['markup', '<script>', 'only letters'],
    ['an emoji', 'Ana😀', 'only letters'],
    ['a leading combining mark', '\u0301Ana', 'only letters'],
    ['a combining grapheme joiner', 'An\u034Fa', 'only letters'],
    ['a variation selector', 'Ana\uFE0F', 'only letters'],
  ];

  for (const name of ['अनिल', 'สมชาย', 'தமிழ்', 'नि'.repeat(24)]) {
    it(`accepts a name written with combining marks: ${name}`, () => {
      expect(checkName(name)).to.include({ ok: true, name });
    });
  }

  for (const [label, name, reason] of invalid) {
    it(`refuses ${label}: ${JSON.stringify(name)}`, () => {
      const check = checkName(name);
      if (check.ok) expect.fail(`accepted ${JSON.stringify(name)}`);
      expect(check.reason).to.contain(reason);
    });
  }
});

describe('nameKey', () => {
  const sameKey: readonly (readonly string[])[] = [
    ['Ana', 'ANA', 'ana', 'aNa', 'ａｎａ', 'ＡＮＡ'],
    ['Émile', 'ÉMILE', 'E\u0301mile'],
    ['Наташа', 'НАТАША'],
  ];

  for (const names of sameKey) {
    it(`folds ${names.map((n) => JSON.stringify(n)).join(', ')} to one key`, () => {
      expect(new Set(names.map(nameKey))).to.have.lengthOf(1);
    });
  }

  it('gives "ana" for "Ana", "ANA" and "ａｎａ"', () => {
    for (const name of ['Ana', 'ANA', 'ａｎａ']) expect(nameKey(name)).to.equal('ana');
  });

  it('keeps different names apart', () => {
    expect(nameKey('Ana')).not.to.equal(nameKey('Anna'));
    expect(nameKey('ana')).not.to.equal(nameKey('anа')); // the last is Cyrillic а: a different letter
  });

  it('is stable: a key is its own key', () => {
    for (const name of ['Ana', 'ＡＮＡ', 'Émile', '𝒜𝒜', 'Straße', 'İstanbul', 'ΣΟΦΊΑ']) {
      expect(nameKey(nameKey(name))).to.equal(nameKey(name));
    }
  });
});
