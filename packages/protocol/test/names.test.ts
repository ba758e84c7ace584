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
    ['a combining grapheme joiner', 'An\u034Fa', 'invisible'],
    ['a variation selector', 'Ana\uFE0F', 'invisible'],
    // Letters and marks that draw nothing (Default_Ignorable_Code_Point): the name would look like another.
    ['a trailing Hangul filler', 'ana\u3164', 'invisible'],
    ['a trailing Hangul jungseong filler', 'ana\u1160', 'invisible'],
    ['a trailing Hangul choseong filler', 'ana\u115F', 'invisible'],
    ['a trailing half-width Hangul filler', 'ana\uFFA0', 'invisible'],
    ['a Khmer inherent vowel aq', 'ana\u17B4', 'invisible'],
    ['a Khmer inherent vowel aa', 'ana\u17B5', 'invisible'],
    ['an inner Hangul filler', 'a\u3164na', 'invisible'],
    ['only Hangul fillers (looks blank)', '\u3164\u3164', 'invisible'],
    ['only a half-width Hangul filler', '\uFFA0', 'invisible'],
    ['a Mongolian free variation selector', 'ana\u180B', 'invisible'],
    ['a Khitan small script filler (draws nothing, not default-ignorable)', 'ana\u{16FE4}', 'invisible'],
    // Blank-looking symbols and format characters: never letters, so refused by the character rule.
    ['a braille blank', 'ana\u2800', 'only letters'],
    ['only braille blanks', '\u2800\u2800', 'only letters'],
    ['a tag character', 'ana\u{E0041}', 'only letters'],
    ['an invisible times', 'a\u2062na', 'only letters'],
    ['a musical null notehead', 'ana\u{1D159}', 'only letters'],
    // 24 characters as a reader counts them, but more UTF-16 units than a name field carries on the wire.
    ['24 characters of 5 code units each', 'x\u0301\u0302\u0303\u0304'.repeat(24), 'UTF-16 code units'],
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
