import { expect } from 'chai';
import { decode, decodeResult, encode, type Decoded, type ServerMethod } from '../src/index.js';
import { badResults, calls, errorFrames, joined, kitchen, prng, pushes, resultFrames } from './fixtures.js';

type Direction = 'client' | 'server';
const directions: readonly Direction[] = ['client', 'server'];
/** decode with the direction as a value (its overloads only take a literal). */
const decodeAs = (text: unknown, from: Direction): Decoded<unknown> =>
  from === 'client' ? decode(text, 'client') : decode(text, 'server');

const ID = 7;
/** A call frame's JSON text, with id 7 unless `fields` says otherwise. */
const call = (method: unknown, params: unknown, fields: object = {}): string =>
  JSON.stringify({ type: 'call', id: ID, method, params, ...fields });

function expectBad(decoded: Decoded<unknown>, id: number | null, mentions?: string): void {
  if (decoded.ok) expect.fail(`expected a failure, got ${JSON.stringify(decoded.frame).slice(0, 200)}`);
  expect(decoded.error.code).to.equal('BAD_FRAME');
  expect(decoded.error.id).to.equal(id);
  if (mentions !== undefined) expect(decoded.error.message).to.contain(mentions);
}

function expectFrame(decoded: Decoded<unknown>, frame: unknown): void {
  expect(decoded).to.deep.equal({ ok: true, frame });
}

function expectPrototypeClean(): void {
  expect(Object.keys(Object.prototype)).to.deep.equal([]);
  const probe: Record<string, unknown> = {};
  for (const key of ['polluted', 'nick', 'isAdmin']) expect(probe[key], key).to.equal(undefined);
}

describe('decode: hostile input', () => {
  afterEach(expectPrototypeClean);

  describe('not a JSON object', () => {
    const notText: readonly unknown[] = [undefined, null, 42, true, {}, [], Buffer.from('{}'), new Uint8Array(2), Symbol('x')];
    const notJson = ['', ' ', '{', '{"type":"call",', "{'type':'call'}", 'NaN', 'undefined', '{"id":1}x', '\uFEFF{}'];
    const notObject = ['null', '[]', '[{"type":"call","id":1,"method":"leave"}]', '42', '-1.5', '"call"', 'true'];

    for (const from of directions) {
      it(`${from}: refuses input that is not a string`, () => {
        for (const input of notText) expectBad(decodeAs(input, from), null, 'JSON text');
      });
      it(`${from}: refuses invalid JSON`, () => {
        for (const input of notJson) expectBad(decodeAs(input, from), null, 'not valid JSON');
      });
      it(`${from}: refuses JSON arrays, null, numbers, strings and booleans`, () => {
        for (const input of notObject) expectBad(decodeAs(input, from), null, 'JSON object');
      });
    }
  });

  describe('unknown type or method', () => {
    it('client: refuses any type but "call", keeping the id', () => {
      for (const type of ['result', 'push', 'error', 'CALL', '', null, 1, undefined]) {
        expectBad(decode(call('leave', {}, { type }), 'client'), ID, 'type');
      }
    });

    it('server: refuses any type but result, error and push', () => {
      for (const type of ['call', 'toString', '__proto__', 'RESULT', null, undefined]) {
        expectBad(decode(JSON.stringify({ type, id: ID, result: {} }), 'server'), ID, 'type');
      }
    });

    const badMethods: readonly unknown[] = [
      'toString',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'valueOf',
      '',
      42,
      null,
      ['say'],
      undefined,
    ];

    it('client: refuses unknown and inherited method names', () => {
      for (const method of [...badMethods, 'IDENTIFY', 'hello']) expectBad(decode(call(method, {}), 'client'), ID, 'method');
    });

    it('server: refuses unknown and inherited push methods', () => {
      for (const method of [...badMethods, 'HELLO', 'identify']) {
        expectBad(decode(JSON.stringify({ type: 'push', method, params: {} }), 'server'), null, 'method');
      }
    });
  });

  describe('call ids', () => {
    // Raw JSON, so 1e400 (Infinity) and -0 reach the decoder as written.
    const badIds = ['0', '-0', '-1', '1.5', '9007199254740992', '1e308', '1e400', '"1"', '"NaN"', 'null', 'true', '[1]', '{}'];

    for (const from of directions) {
      it(`${from}: refuses zero, negative, fractional, unsafe and non-number ids`, () => {
        for (const raw of badIds) {
          const text = `{"type":"${from === 'client' ? 'call' : 'result'}","id":${raw},"method":"leave","params":{},"result":{}}`;
          expectBad(decodeAs(text, from), null, 'id');
        }
      });
    }

    it('refuses a call or result without an id', () => {
      expectBad(decode('{"type":"call","method":"leave","params":{}}', 'client'), null, 'id must be an integer');
      expectBad(decode('{"type":"result","result":{}}', 'server'), null, 'id must be an integer');
    });

    it('accepts an error frame without an id, as id null', () => {
      expectFrame(decode('{"type":"error","error":{"code":"BAD_FRAME","message":"?"}}', 'server'), {
        type: 'error',
        id: null,
        error: { code: 'BAD_FRAME', message: '?' },
      });
    });
  });

  describe('ill-typed params (the error keeps the call id and names the field)', () => {
    const entry = { place: 'kitchen', seq: 1, epoch: 'e' };
    const cases: readonly (readonly [method: ServerMethod, params: unknown, path: string])[] = [
      ['identify', 'Ana', 'params'],
      ['identify', { nick: 42 }, 'params.nick'],
      ['identify', { nick: null }, 'params.nick'],
      ['identify', { nick: ['Ana'] }, 'params.nick'],
      ['identify', { nick: 'Ana', place: 7 }, 'params.place'],
      ['identify', { nick: 'Ana', since: {} }, 'params.since'],
      ['identify', { nick: 'Ana', since: [1] }, 'params.since[0]'],
      ['identify', { nick: 'Ana', since: [entry, { ...entry, seq: -1 }] }, 'params.since[1].seq'],
      ['identify', { nick: 'Ana', since: [{ ...entry, seq: 1.5 }] }, 'params.since[0].seq'],
      ['identify', { nick: 'Ana', since: [{ ...entry, seq: '3' }] }, 'params.since[0].seq'],
      ['identify', { nick: 'Ana', since: [{ ...entry, seq: 2 ** 53 }] }, 'params.since[0].seq'],
      ['identify', { nick: 'Ana', since: [{ ...entry, epoch: '' }] }, 'params.since[0].epoch'],
      ['identify', { nick: 'Ana', since: [{ ...entry, place: 0 }] }, 'params.since[0].place'],
      ['resume', { token: 0 }, 'params.token'],
      ['resume', { token: '' }, 'params.token'],
      ['say', { text: 5, cid: 'c' }, 'params.text'],
      ['say', { text: null, cid: 'c' }, 'params.text'],
      ['say', { text: 'hi', cid: 7 }, 'params.cid'],
      ['say', { text: 'hi', cid: '' }, 'params.cid'],
      ['command', { line: ['-folks'] }, 'params.line'],
      ['command', { line: '' }, 'params.line'],
      ['goto', { place: {} }, 'params.place'],
      ['goto', { place: 'garden', since: [] }, 'params.since'],
      ['goto', { place: 'garden', since: { seq: 'x', epoch: 'e' } }, 'params.since.seq'],
      ['leave', [], 'params'],
      ['leave', 'bye', 'params'],
    ];

    for (const [method, params, path] of cases) {
      it(`${method} ${JSON.stringify(params)} → ${path}`, () => {
        expectBad(decode(call(method, params), 'client'), ID, `${path} `);
      });
    }
  });

  describe('missing fields', () => {
    const cases: readonly (readonly [method: ServerMethod, params: unknown, path: string])[] = [
      ['identify', undefined, 'params.nick'],
      ['identify', {}, 'params.nick'],
      ['identify', { place: 'kitchen' }, 'params.nick'],
      ['identify', { nick: 'Ana', since: [{ place: 'kitchen', seq: 1 }] }, 'params.since[0].epoch'],
      ['resume', {}, 'params.token'],
      ['say', { text: 'hi' }, 'params.cid'],
      ['say', { cid: 'c-1' }, 'params.text'],
      ['command', {}, 'params.line'],
      ['goto', { since: { seq: 1, epoch: 'e' } }, 'params.place'],
      ['goto', { place: 'garden', since: { epoch: 'e' } }, 'params.since.seq'],
    ];

    for (const [method, params, path] of cases) {
      it(`${method} ${JSON.stringify(params) ?? '(no params)'} → ${path} is missing`, () => {
        expectBad(decode(call(method, params), 'client'), ID, `${path} is missing`);
      });
    }

    it('leave needs no params at all', () => {
      expectFrame(decode(call('leave', undefined), 'client'), { type: 'call', id: ID, method: 'leave', params: {} });
    });
  });

  describe('length limits (code units; the largest allowed passes, one more fails)', () => {
    const sinceEntries = (n: number) => Array.from({ length: n }, (_, i) => ({ place: `p${i}`, seq: i, epoch: 'e' }));
    const limits: readonly { what: string; max: number; method: ServerMethod; params: (n: number) => object }[] = [
      { what: 'nick', max: 96, method: 'identify', params: (n) => ({ nick: 'a'.repeat(n) }) },
      { what: 'identify place', max: 96, method: 'identify', params: (n) => ({ nick: 'Ana', place: 'p'.repeat(n) }) },
      { what: 'goto place', max: 96, method: 'goto', params: (n) => ({ place: 'p'.repeat(n) }) },
      { what: 'token', max: 128, method: 'resume', params: (n) => ({ token: 't'.repeat(n) }) },
      { what: 'cid', max: 64, method: 'say', params: (n) => ({ text: 'hi', cid: 'c'.repeat(n) }) },
      { what: 'text', max: 16_000, method: 'say', params: (n) => ({ text: 'x'.repeat(n), cid: 'c' }) },
      { what: 'command line', max: 200, method: 'command', params: (n) => ({ line: `-goto ${'k'.repeat(n - 6)}` }) },
      { what: 'since entries', max: 64, method: 'identify', params: (n) => ({ nick: 'Ana', since: sinceEntries(n) }) },
      { what: 'resume since entries', max: 64, method: 'resume', params: (n) => ({ token: 't', since: sinceEntries(n) }) },
    ];

    for (const { what, max, method, params } of limits) {
      it(`${what}: ${max} passes, ${max + 1} fails`, () => {
        expectFrame(decode(call(method, params(max)), 'client'), { type: 'call', id: ID, method, params: params(max) });
        expectBad(decode(call(method, params(max + 1)), 'client'), ID, `at most ${max}`);
      });
    }

    it('counts code units: 48 non-BMP letters (96 units) pass, 49 fail', () => {
      expect(decode(call('identify', { nick: '𝒜'.repeat(48) }), 'client').ok).to.equal(true);
      expectBad(decode(call('identify', { nick: '𝒜'.repeat(49) }), 'client'), ID, 'params.nick');
    });
  });

  describe('well-formed Unicode (a lone surrogate is relayed live but stored as U+FFFD, so it is refused)', () => {
    const LONE = ['\uD800', '\uDFFF', 'a\uDC00b', '\uDBFF'];
    const fields: readonly { path: string; method: ServerMethod; params: (bad: string) => object }[] = [
      { path: 'params.nick', method: 'identify', params: (bad) => ({ nick: `Ana${bad}` }) },
      { path: 'params.place', method: 'identify', params: (bad) => ({ nick: 'Ana', place: `k${bad}` }) },
      {
        path: 'params.since[0].place',
        method: 'identify',
        params: (bad) => ({ nick: 'Ana', since: [{ place: `k${bad}`, seq: 1, epoch: 'e' }] }),
      },
      {
        path: 'params.since[0].epoch',
        method: 'identify',
        params: (bad) => ({ nick: 'Ana', since: [{ place: 'k', seq: 1, epoch: `e${bad}` }] }),
      },
      { path: 'params.token', method: 'resume', params: (bad) => ({ token: `t${bad}` }) },
      { path: 'params.text', method: 'say', params: (bad) => ({ text: `hi ${bad}`, cid: 'c1' }) },
      { path: 'params.cid', method: 'say', params: (bad) => ({ text: 'hi', cid: `c${bad}` }) },
      { path: 'params.line', method: 'command', params: (bad) => ({ line: `-where is ana${bad}` }) },
      { path: 'params.place', method: 'goto', params: (bad) => ({ place: `k${bad}` }) },
      { path: 'params.since.epoch', method: 'goto', params: (bad) => ({ place: 'k', since: { seq: 1, epoch: `e${bad}` } }) },
    ];

    for (const { path, method, params } of fields) {
      it(`client: ${method} ${path} with a lone surrogate → BAD_FRAME "${path} must be well-formed Unicode"`, () => {
        for (const bad of LONE) expectBad(decode(call(method, params(bad)), 'client'), ID, `${path} must be well-formed Unicode`);
      });
    }

    it('client: accepts surrogate pairs (emoji, non-BMP letters) in the same fields', () => {
      for (const { method, params } of fields) {
        expectFrame(decode(call(method, params('😀𝒜')), 'client'), { type: 'call', id: ID, method, params: params('😀𝒜') });
      }
    });
  });

  describe('unknown keys', () => {
    it('drops extra keys from a call, its params and nested positions', () => {
      const text = JSON.stringify({
        type: 'call',
        id: 1,
        method: 'identify',
        extra: 'x',
        result: 5,
        error: {},
        params: { nick: 'Ana', admin: true, since: [{ place: 'kitchen', seq: 1, epoch: 'e', extra: [1] }] },
      });
      expectFrame(decode(text, 'client'), {
        type: 'call',
        id: 1,
        method: 'identify',
        params: { nick: 'Ana', since: [{ place: 'kitchen', seq: 1, epoch: 'e' }] },
      });
      expectFrame(decode(call('leave', { everything: true }), 'client'), { type: 'call', id: ID, method: 'leave', params: {} });
    });

    it('drops extra keys from pushes and error frames', () => {
      const push = { type: 'push', method: 'userJoin', id: 3, extra: 1, params: { place: 'kitchen', nick: 'Bob', admin: true } };
      expectFrame(decode(JSON.stringify(push), 'server'), { type: 'push', method: 'userJoin', params: { place: 'kitchen', nick: 'Bob' } });
      const error = { type: 'error', id: 2, stack: 'at …', error: { code: 'INTERNAL', message: 'oops', detail: 'secret' } };
      expectFrame(decode(JSON.stringify(error), 'server'), { type: 'error', id: 2, error: { code: 'INTERNAL', message: 'oops' } });
    });

    it('drops extra keys from results checked with decodeResult', () => {
      expectFrame(decodeResult('identify', { ...joined, admin: true, place: { ...kitchen, secret: 1 } }), joined);
      expectFrame(decodeResult('command', { command: 'where', place: 'kitchen', members: ['x'] }), { command: 'where', place: 'kitchen' });
    });
  });

  describe('__proto__ and friends', () => {
    const payload = '{"polluted":"yes","nick":"Mallory","isAdmin":true}';

    it('neither copies a __proto__ key nor lets it reach Object.prototype', () => {
      const text =
        `{"type":"call","id":1,"method":"identify","__proto__":${payload},` +
        `"params":{"__proto__":${payload},"constructor":{"prototype":${payload}},"nick":"Ana",` +
        `"since":[{"__proto__":${payload},"place":"kitchen","seq":1,"epoch":"e"}]}}`;
      const decoded = decode(text, 'client');
      expectFrame(decoded, {
        type: 'call',
        id: 1,
        method: 'identify',
        params: { nick: 'Ana', since: [{ place: 'kitchen', seq: 1, epoch: 'e' }] },
      });
      if (!decoded.ok || decoded.frame.method !== 'identify') return;
      const { params } = decoded.frame;
      for (const value of [decoded.frame, params, params.since![0]!]) {
        expect(Object.getPrototypeOf(value)).to.equal(Object.prototype);
        expect(Object.hasOwn(value, '__proto__')).to.equal(false);
        expect(value).not.to.have.property('polluted');
      }
    });

    it('does not take a field from a __proto__ object', () => {
      expectBad(
        decode(`{"type":"call","id":4,"method":"identify","params":{"__proto__":${payload}}}`, 'client'),
        4,
        'params.nick is missing',
      );
      expectBad(decode(`{"__proto__":{"type":"call","id":4,"method":"leave"}}`, 'client'), null, 'type');
    });

    it('server: ignores __proto__ in pushes and error bodies', () => {
      const push = `{"type":"push","method":"userJoin","params":{"__proto__":${payload},"place":"kitchen","nick":"Bob"}}`;
      expectFrame(decode(push, 'server'), { type: 'push', method: 'userJoin', params: { place: 'kitchen', nick: 'Bob' } });
      const error = `{"type":"error","id":1,"error":{"__proto__":{"code":"INTERNAL","message":"x"}}}`;
      expectBad(decode(error, 'server'), 1, 'error.code is missing');
    });
  });

  describe('server frames', () => {
    it('refuses error frames with unknown codes or missing parts, keeping the id', () => {
      const bodies: readonly unknown[] = [
        { code: 'NOPE', message: 'x' },
        { code: 'toString', message: 'x' },
        { code: 'INTERNAL' },
        { message: 'x' },
        { code: 'INTERNAL', message: 'm'.repeat(2001) },
        null,
        'INTERNAL',
        undefined,
      ];
      for (const error of bodies) expectBad(decode(JSON.stringify({ type: 'error', id: 3, error }), 'server'), 3, 'error');
      expectBad(decode('{"type":"error","id":0,"error":{"code":"INTERNAL","message":"x"}}', 'server'), null, 'id');
    });

    it('refuses pushes with missing or ill-typed params', () => {
      const bad: readonly (readonly [method: string, params: unknown, path: string])[] = [
        ['hello', undefined, 'params is missing'],
        ['hello', { protocol: 0, server: 's', limits: { textMaxLength: 1, nameMaxLength: 1 } }, 'params.protocol'],
        ['hello', { protocol: 1, server: 's', limits: { textMaxLength: 16_001, nameMaxLength: 1 } }, 'params.limits.textMaxLength'],
        ['userSay', { place: 'kitchen', epoch: 'e', messages: [{ seq: 0, at: 0, nick: 'Ana', text: '' }] }, 'params.messages[0].seq'],
        ['userSay', { place: 'kitchen', epoch: 'e', messages: {} }, 'params.messages'],
        ['userJoin', { place: 'kitchen', nick: 'Bob', from: '' }, 'params.from'],
        ['userLeave', { place: 'kitchen', nick: 'Bob', reason: 'kicked' }, 'params.reason'],
        ['userLeave', { place: 'kitchen', nick: 'Bob', reason: 'toString' }, 'params.reason'],
        ['gap', { place: 'kitchen', epoch: 'e', reason: 'trimmed' }, 'params.missed is missing'],
        ['gap', { place: 'kitchen', epoch: 'e', reason: 'epoch', missed: { from: -1, to: 2 } }, 'params.missed.from'],
      ];
      for (const [method, params, path] of bad) {
        expectBad(decode(JSON.stringify({ type: 'push', method, params }), 'server'), null, path);
      }
    });

    it('leaves a result unchecked until decodeResult is told its method', () => {
      expectFrame(decode('{"type":"result","id":9,"result":[1,"two"]}', 'server'), { type: 'result', id: 9, result: [1, 'two'] });
    });
  });

  it('refuses frames sent the wrong way, keeping the id when there is one', () => {
    for (const frame of [...pushes, ...resultFrames, ...errorFrames]) {
      expectBad(decode(encode(frame), 'client'), 'id' in frame ? frame.id : null, 'type');
    }
    for (const frame of calls) expectBad(decode(encode(frame), 'server'), frame.id, 'type');
  });
});

describe('decodeResult', () => {
  afterEach(expectPrototypeClean);

  for (const [method, { value, path }] of Object.entries(badResults) as [ServerMethod, { value: unknown; path: string }][]) {
    it(`${method}: refuses a bad result (${path})`, () => {
      expectBad(decodeResult(method, value), null, path);
    });
  }

  describe('command: refuses a broken result of each variant', () => {
    const cases: readonly (readonly [value: unknown, path: string])[] = [
      [{ command: 'folks', place: 'kitchen', members: 'Ana' }, 'result.members'],
      [{ command: 'allFolks', folks: [{ place: 'kitchen' }] }, 'result.folks[0].nick'],
      [{ command: 'places', places: [{ name: 'kitchen', count: -1 }] }, 'result.places[0].count'],
      [{ command: 'goto', place: { ...kitchen, head: 1.5 } }, 'result.place.head'],
      [{ command: 'where', place: '' }, 'result.place'],
      [{ command: 'whereIs', nick: 'Bob', place: 7 }, 'result.place'],
      [{ command: 'whereIs', nick: 'Bob' }, 'result.place is missing'],
      [{ command: 'help', commands: Array.from({ length: 101 }, () => ({ usage: '-x', summary: 'x' })) }, 'result.commands'],
      [{ command: 'toString' }, 'result.command'],
      [{ command: '__proto__' }, 'result.command'],
      [{ place: 'kitchen' }, 'result.command'],
      [['where'], 'result'],
    ];
    for (const [value, path] of cases) {
      it(`${JSON.stringify(value).slice(0, 70)} → ${path}`, () => expectBad(decodeResult('command', value), null, path));
    }
  });

  it('does not throw for a method name it does not know, inherited ones included', () => {
    for (const method of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'nope']) {
      expectBad(decodeResult(method as ServerMethod, {}), null);
    }
  });
});

describe('decode: fuzzing mutated valid frames never throws', () => {
  type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
  type Container = Json[] | { [key: string]: Json };

  const hostileValues: readonly Json[] = [
    0,
    -1,
    1,
    1.5,
    -0,
    2 ** 53,
    1e308,
    Number.MAX_SAFE_INTEGER,
    '',
    'x',
    'toString',
    '__proto__',
    'call',
    'identify',
    'a'.repeat(20_000),
    null,
    true,
    false,
    [],
    {},
    [1, 'a'],
    { nick: 'Ana', polluted: 'yes' },
  ];
  const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'id', 'type', 'method', 'params', 'nick', 'since'];
  const junk = '{}[]",:0-1ea\\\u0000\u200b𝒜 ';

  const random = prng(0x17c4a7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  /** A fresh copy, so no value is shared (or made circular) between places in the tree. */
  const hostile = (): Json => structuredClone(pick(hostileValues));
  const isContainer = (value: Json): value is Container => typeof value === 'object' && value !== null;

  function containers(value: Json, found: Container[] = []): Container[] {
    if (isContainer(value)) {
      found.push(value);
      for (const child of Object.values(value)) containers(child, found);
    }
    return found;
  }

  /** Sets an own key, even "__proto__", as JSON.parse would. */
  function put(target: Container, key: string | number, value: Json): void {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  }

  function mutateValue(root: Json): Json {
    const target = pick(containers(root));
    const keys = Object.keys(target);
    const key = keys.length > 0 ? pick(keys) : '0';
    const current = (target as Record<string, Json>)[key];
    switch (Math.floor(random() * 5)) {
      case 0:
        if (Array.isArray(target)) target.splice(Number(key), 1);
        else delete target[key];
        break;
      case 1:
        put(target, key, hostile());
        break;
      case 2:
        put(target, Array.isArray(target) ? target.length : pick(hostileKeys), hostile());
        break;
      case 3: // a copy of a value from elsewhere in the frame: type confusion between fields
        put(target, key, structuredClone(pick([...containers(root), ...hostileValues])));
        break;
      default:
        put(target, key, typeof current === 'string' ? current + pick([...junk]) : typeof current === 'number' ? -current - 0.5 : null);
    }
    return root;
  }

  function mutateText(text: string): string {
    const at = Math.floor(random() * (text.length + 1));
    switch (Math.floor(random() * 3)) {
      case 0:
        return text.slice(0, at);
      case 1:
        return text.slice(0, at) + pick([...junk]) + text.slice(at);
      default:
        return text.slice(0, at) + text.slice(at + 1);
    }
  }

  /** The id decode should report on failure: the frame's own id when it is a valid call id. */
  function expectedId(text: string): number | null {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, 'id')) return null;
      const id = (value as { id: unknown }).id;
      return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 ? id : null;
    } catch {
      return null;
    }
  }

  it('returns ok true or a BAD_FRAME failure carrying the call id, for 4000 mutants in both directions', () => {
    const valid = [...calls, ...pushes, ...resultFrames, ...errorFrames];
    const outcomes = { ok: 0, failed: 0 };
    for (let i = 0; i < 4000; i++) {
      let value = JSON.parse(encode(pick(valid))) as Json;
      if (random() < 0.05) value = hostile();
      else for (let n = 1 + Math.floor(random() * 3); n > 0; n--) value = mutateValue(value);
      let text = JSON.stringify(value);
      if (random() < 0.15) text = mutateText(text);

      for (const from of directions) {
        const where = `mutant ${i} (${from}): ${text.slice(0, 300)}`;
        const decoded = decodeAs(text, from);
        if (decoded.ok) {
          outcomes.ok++;
          // Whatever passes is clean: decoding it again changes nothing.
          expect(decodeAs(encode(decoded.frame as never), from), where).to.deep.equal(decoded);
        } else {
          outcomes.failed++;
          expect(decoded.error.code, where).to.equal('BAD_FRAME');
          expect(decoded.error.message, where).to.be.a('string').and.not.equal('');
          expect(decoded.error.id, where).to.equal(expectedId(text));
        }
      }
    }
    expect(outcomes.ok, 'some mutants should still be valid').to.be.greaterThan(200);
    expect(outcomes.failed, 'most mutants should fail').to.be.greaterThan(2000);
    expectPrototypeClean();
  });
});
