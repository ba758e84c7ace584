import { expect } from 'chai';
import {
  SchemaError,
  array,
  boolean,
  integer,
  isPlainObject,
  isWellFormed,
  literal,
  nullable,
  object,
  optional,
  string,
  tagged,
  wellFormed,
  type Schema,
} from '../src/schema.js';

/** Parses at path "x" and returns the SchemaError message, failing the test if it does not throw one. */
function problem(schema: Schema<unknown>, value: unknown, path = 'x'): string {
  try {
    schema.parse(value, path);
  } catch (error) {
    expect(error).to.be.instanceOf(SchemaError);
    return (error as SchemaError).message;
  }
  return expect.fail(`${JSON.stringify(value)} was accepted`);
}

/** Each schema with values it accepts (returned unchanged) and values it refuses (with a message fragment). */
const table: readonly { name: string; schema: Schema<unknown>; good: readonly unknown[]; bad: readonly (readonly [unknown, string])[] }[] =
  [
    {
      name: 'string({ min: 1, max: 3 })',
      schema: string({ min: 1, max: 3 }),
      good: ['a', 'abc', '𝒜'],
      bad: [
        ['', 'at least 1'],
        ['abcd', 'at most 3'],
        ['𝒜𝒜', 'at most 3'],
        [3, 'not a number'],
        [null, 'not null'],
        [['a'], 'not an array'],
      ],
    },
    { name: 'string({ max: 2 }) allows empty', schema: string({ max: 2 }), good: [''], bad: [[{}, 'not a object']] },
    {
      name: 'integer(1, 10)',
      schema: integer(1, 10),
      good: [1, 10],
      bad: [
        [0, 'between 1 and 10'],
        [11, 'between'],
        [1.5, 'integer'],
        [NaN, 'integer'],
        [Infinity, 'integer'],
        ['5', 'not a string'],
      ],
    },
    {
      name: 'integer(0, MAX_SAFE_INTEGER)',
      schema: integer(0, Number.MAX_SAFE_INTEGER),
      good: [0, Number.MAX_SAFE_INTEGER],
      bad: [
        [-1, 'between'],
        [2 ** 53, 'integer'],
        [-Infinity, 'integer'],
        [10n, 'not a bigint'],
      ],
    },
    {
      name: 'boolean',
      schema: boolean,
      good: [true, false],
      bad: [
        [0, 'boolean'],
        ['true', 'boolean'],
        [null, 'boolean'],
      ],
    },
    {
      name: 'literal("a", "b")',
      schema: literal('a', 'b'),
      good: ['a', 'b'],
      bad: [
        ['c', 'one of "a", "b"'],
        ['A', 'one of'],
        ['toString', 'one of'],
        [['a'], 'one of'],
      ],
    },
    {
      name: 'nullable(boolean)',
      schema: nullable(boolean),
      good: [null, true],
      bad: [
        [undefined, 'boolean'],
        ['null', 'boolean'],
      ],
    },
    {
      name: 'array(integer(0, 9), 2)',
      schema: array(integer(0, 9), 2),
      good: [[], [0, 9]],
      bad: [
        [[1, 2, 3], 'at most 2 items'],
        [[1, 'a'], 'x[1] must be an integer'],
        [{ length: 1 }, 'not a object'],
        ['ab', 'array'],
      ],
    },
  ];

describe('schema combinators', () => {
  for (const { name, schema, good, bad } of table) {
    describe(name, () => {
      it('accepts valid values', () => {
        for (const value of good) expect(schema.parse(value, 'x')).to.deep.equal(value);
      });
      it('refuses invalid values with a message naming the path', () => {
        for (const [value, fragment] of bad) {
          const message = problem(schema, value);
          expect(message).to.match(/^x/);
          expect(message).to.contain(fragment);
        }
      });
    });
  }

  it('array returns a fresh array', () => {
    const input = [1, 2];
    const output = array(integer(0, 9), 5).parse(input, 'x');
    expect(output).to.deep.equal(input);
    expect(output).not.to.equal(input);
  });

  it('array checks its length before its items', () => {
    expect(problem(array(integer(0, 9), 2), ['a', 'b', 'c'])).to.contain('at most 2 items');
  });

  describe('object', () => {
    const point = object({ x: integer(0, 9), label: optional(string({ max: 5 })) });

    it('copies only the known keys into a fresh plain object', () => {
      const input = JSON.parse('{"x":1,"label":"a","extra":true,"__proto__":{"polluted":1},"constructor":{}}');
      const output = point.parse(input, 'p');
      expect(output).to.deep.equal({ x: 1, label: 'a' });
      expect(output).not.to.equal(input);
      expect(Object.getPrototypeOf(output)).to.equal(Object.prototype);
      expect(Object.keys(output)).to.deep.equal(['x', 'label']);
    });

    it('omits optional keys that are absent or undefined, and requires the rest', () => {
      expect(point.parse({ x: 1 }, 'p')).to.deep.equal({ x: 1 });
      expect(point.parse({ x: 1, label: undefined }, 'p')).to.not.have.property('label');
      expect(problem(point, {}, 'p')).to.equal('p.x is missing');
      expect(problem(point, { x: undefined }, 'p')).to.equal('p.x is missing');
      expect(problem(point, {}, '')).to.equal('x is missing');
    });

    it('does not read fields inherited through the prototype', () => {
      expect(problem(point, Object.create({ x: 1 }), 'p')).to.equal('p.x is missing');
    });

    it('refuses non-objects', () => {
      for (const value of [null, [], 'x', 1, undefined]) expect(problem(point, value, 'p')).to.match(/^p must be an object/);
      expect(problem(point, null, '')).to.equal('frame must be an object, not null');
    });

    it('validates nested paths', () => {
      const outer = object({ inner: object({ list: array(boolean, 3) }) });
      expect(problem(outer, { inner: { list: [true, 'no'] } }, 'o')).to.equal('o.inner.list[1] must be a boolean, not a string');
    });
  });

  describe('tagged', () => {
    const shape = tagged('kind', {
      circle: object({ r: integer(0, 9) }),
      square: object({ side: integer(0, 9) }),
    });

    it('parses the variant named by the tag and keeps the tag', () => {
      expect(shape.parse({ kind: 'circle', r: 2, side: 3 }, 's')).to.deep.equal({ kind: 'circle', r: 2 });
      expect(shape.parse({ kind: 'square', side: 3 }, 's')).to.deep.equal({ kind: 'square', side: 3 });
    });

    it('refuses a missing, unknown or inherited tag', () => {
      for (const kind of [undefined, 'triangle', 'toString', '__proto__', 'constructor', 1]) {
        expect(problem(shape, { kind }, 's')).to.equal('s.kind must be one of "circle", "square"');
      }
      expect(problem(shape, { kind: 'circle' }, '')).to.equal('r is missing');
      expect(problem(shape, [], 's')).to.contain('not an array');
    });
  });

  describe('wellFormed', () => {
    const schema = wellFormed(string({ max: 10 }));
    const good = ['', 'abc', '😀', '𝒜x', '\uFFFD', '\uFFFF'];
    const bad = ['\uD800', '\uDFFF', 'a\uD83D', '\uDE00a', '\uDE00\uD83D'];

    it('passes well-formed strings through, and refuses lone surrogates naming the field', () => {
      for (const value of good) expect(schema.parse(value, 'x')).to.equal(value);
      for (const value of bad) expect(problem(schema, value)).to.equal('x must be well-formed Unicode');
      expect(problem(schema, 'x'.repeat(11))).to.contain('at most 10');
    });

    it('gives the same answers without String.prototype.isWellFormed (older engines)', () => {
      const proto = String.prototype as { isWellFormed?: unknown };
      const native = proto.isWellFormed;
      expect(native, 'Node has it').to.be.a('function');
      delete proto.isWellFormed;
      try {
        for (const value of good) expect(isWellFormed(value), JSON.stringify(value)).to.equal(true);
        for (const value of bad) expect(isWellFormed(value), JSON.stringify(value)).to.equal(false);
      } finally {
        proto.isWellFormed = native;
      }
    });
  });

  it('isPlainObject accepts objects only', () => {
    const cases: readonly (readonly [unknown, boolean])[] = [
      [{}, true],
      [Object.create(null), true],
      [[], false],
      [null, false],
      ['{}', false],
      [1, false],
      [undefined, false],
    ];
    cases.forEach(([value, expected], i) => expect(isPlainObject(value), `case ${i}`).to.equal(expected));
  });

  it('SchemaError names the frame when the path is empty', () => {
    const error = new SchemaError('', 'is broken');
    expect(error.message).to.equal('frame is broken');
    expect(error.name).to.equal('SchemaError');
    expect(error.path).to.equal('');
  });
});
