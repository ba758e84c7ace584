import fc from 'fast-check';

/** Valid client frames, the seeds the mutations start from. */
export const VALID_CLIENT_FRAMES: readonly Record<string, unknown>[] = [
  { type: 'call', id: 1, method: 'identify', params: { nick: 'fuzzer', place: 'lobby' } },
  { type: 'call', id: 2, method: 'identify', params: { nick: 'fuzzer', since: [{ place: 'lobby', seq: 3, epoch: 'e1' }] } },
  { type: 'call', id: 3, method: 'resume', params: { token: 'AAAAAAAAAAAAAAAAAAAAAA', since: [] } },
  { type: 'call', id: 4, method: 'say', params: { text: 'hello', cid: 'c1' } },
  { type: 'call', id: 5, method: 'command', params: { line: '-folks' } },
  { type: 'call', id: 6, method: 'goto', params: { place: 'kitchen', since: { seq: 0, epoch: 'e' } } },
  { type: 'call', id: 7, method: 'leave', params: {} },
];

/** Valid server frames, for the server-side decoder. */
export const VALID_SERVER_FRAMES: readonly Record<string, unknown>[] = [
  { type: 'push', method: 'hello', params: { protocol: 1, server: 'itmchat', limits: { textMaxLength: 2000, nameMaxLength: 24 } } },
  { type: 'push', method: 'userSay', params: { place: 'lobby', epoch: 'e', messages: [{ seq: 1, at: 1, nick: 'ana', text: 'hi' }] } },
  { type: 'push', method: 'userJoin', params: { place: 'lobby', nick: 'ana', from: 'kitchen' } },
  { type: 'push', method: 'userLeave', params: { place: 'lobby', nick: 'ana', reason: 'moved', to: 'kitchen' } },
  { type: 'push', method: 'gap', params: { place: 'lobby', epoch: 'e', reason: 'trimmed', missed: { from: 1, to: 4 } } },
  { type: 'result', id: 4, result: { place: 'lobby', seq: 1, at: 1, duplicate: false } },
  { type: 'error', id: null, error: { code: 'BAD_FRAME', message: 'no' } },
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
/** Strings a decoder rarely sees: lone surrogates, zero-width and bidi controls, NUL, full-width, combining marks. */
const oddChar = fc.oneof(
  loneSurrogate,
  fc.constantFrom('\u0000', '\u200b', '\u200d', '\u202e', '\ufeff', '\uffff', 'ａ', 'e\u0301', '\u{1F600}', '\\', '"', '__proto__'),
);
export const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: oddChar, maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

const oddNumber = fc.oneof(
  fc.constantFrom(0, -1, -0, 1.5, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON-able value, leaning towards the shapes that trip validators. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddNumber,
  oddString,
  fc.constantFrom(null, true, false, [], {}, '', 'call', 'say', 'push', 'result', 'error'),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ minLength: 2000, maxLength: 20_000, unit: 'grapheme-ascii' }),
);

type Mutation = (frame: Record<string, unknown>) => Record<string, unknown>;

/** One mutation of a frame: drop, replace or retype a field, at the top or inside `params`. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom('type', 'id', 'method', 'params', 'result', 'error').map((key): Mutation => (f) => {
    const { [key]: _dropped, ...rest } = f;
    return rest;
  }),
  fc
    .tuple(fc.constantFrom('type', 'id', 'method', 'params', 'result', 'error', 'extra'), oddValue)
    .map(([key, value]): Mutation => (f) => ({ ...f, [key]: value })),
  fc
    .tuple(
      fc.constantFrom('nick', 'place', 'token', 'text', 'cid', 'line', 'since', 'seq', 'epoch', 'messages', 'limits', 'reason', 'missed'),
      oddValue,
    )
    .map(([key, value]): Mutation => (f) => ({ ...f, params: { ...(isRecord(f.params) ? f.params : {}), [key]: value } })),
  fc.constantFrom('nick', 'place', 'token', 'text', 'cid', 'line', 'since').map((key): Mutation => (f) => {
    const { [key]: _dropped, ...params } = isRecord(f.params) ? f.params : {};
    return { ...f, params };
  }),
);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A valid frame with one to three mutations, as JSON text. */
export function mutatedFrame(seeds: readonly Record<string, unknown>[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([seed, mutations]) => JSON.stringify(mutations.reduce((frame, mutate) => mutate(frame), seed)));
}

/** Text a hostile peer might send: garbage, arbitrary JSON, or broken real frames. */
export function hostileText(seeds: readonly Record<string, unknown>[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: oddString },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 5, arbitrary: mutatedFrame(seeds) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds).map((f) => JSON.stringify(f)) },
  );
}
