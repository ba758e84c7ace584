/**
 * Valid sample frames and results shared by the round-trip and fuzz tests.
 * Not a test file itself (mocha only picks up *.test.ts).
 */
import type {
  ClientFrame,
  CommandResult,
  ErrorFrame,
  Joined,
  PlaceState,
  PushFrame,
  ResultFrame,
  Said,
  ServerApi,
  ServerMethod,
} from '../src/index.js';

export const kitchen: PlaceState = { name: 'kitchen', epoch: 'e-1', head: 3, members: ['Ana', 'Bob'] };
export const joined: Joined = { token: 'tok-123', nick: 'Ana', place: kitchen };
export const said: Said = { place: 'kitchen', seq: 4, at: 1_700_000_000_000, duplicate: false };

/** One of each CommandResult variant. */
export const commandResults: readonly CommandResult[] = [
  { command: 'folks', place: 'kitchen', members: ['Ana', 'Bob'] },
  {
    command: 'allFolks',
    folks: [
      { nick: 'Ana', place: 'kitchen' },
      { nick: 'Émile', place: 'garden' },
    ],
  },
  {
    command: 'places',
    places: [
      { name: 'kitchen', count: 2 },
      { name: 'garden', count: 0 },
    ],
  },
  { command: 'goto', place: { name: 'garden', epoch: 'e-2', head: 0, members: ['Ana'] } },
  { command: 'where', place: 'kitchen' },
  { command: 'whereIs', nick: 'Bob', place: 'kitchen' },
  { command: 'whereIs', nick: 'Zoé', place: null },
  { command: 'help', commands: [{ usage: '-folks', summary: 'who is in your place' }] },
  { command: 'help', commands: [{ usage: '-r <text>', summary: 'answer', detail: 'The last private line you got.' }] },
  { command: 'folks', place: 'kitchen', members: ['Ana', 'Bob'], away: [{ nick: 'Bob', message: '' }] },
  { command: 'nick', nick: 'Anna' },
  { command: 'topic', place: 'kitchen', topic: null, set: false },
  { command: 'topic', place: 'kitchen', topic: 'Tea at five', set: true },
  { command: 'away', away: 'lunch' },
  { command: 'away', away: null },
];

/** Valid results of every method. */
export const results: { readonly [M in ServerMethod]: readonly ServerApi[M]['result'][] } = {
  identify: [
    joined,
    {
      ...joined,
      place: { ...kitchen, topic: 'Tea', away: [{ nick: 'Bob', message: 'lunch' }] },
      conversations: [{ id: '@0123456789abcdef012345', with: 'Bob', epoch: 'e-9', head: 4 }],
    },
  ],
  resume: [{ ...joined, place: { ...kitchen, members: [] } }],
  say: [said, { ...said, duplicate: true }, { ...said, place: '@0123456789abcdef012345', epoch: 'e-9' }],
  command: commandResults,
  goto: [kitchen],
  leave: [{}],
  history: [
    { place: 'kitchen', epoch: 'e-1', from: 1, to: 3, oldest: 1 },
    { place: 'kitchen', epoch: 'e-1', from: 1, to: 0, oldest: 0 },
  ],
  typing: [{}],
};

/** An invalid result for every method, with the field the error should name. */
export const badResults: { readonly [M in ServerMethod]: { readonly value: unknown; readonly path: string } } = {
  identify: { value: { ...joined, token: '' }, path: 'result.token' },
  resume: { value: { nick: 'Ana', place: kitchen }, path: 'result.token' },
  say: { value: { ...said, duplicate: 'no' }, path: 'result.duplicate' },
  command: { value: { command: 'dance' }, path: 'result.command' },
  goto: { value: { ...kitchen, head: -1 }, path: 'result.head' },
  leave: { value: null, path: 'result' },
  history: { value: { place: 'kitchen', epoch: 'e-1', from: 1, to: 3 }, path: 'result.oldest' },
  typing: { value: null, path: 'result' },
};

const since = [
  { place: 'kitchen', seq: 3, epoch: 'e-1' },
  { place: 'garden', seq: 0, epoch: 'e-2' },
];

/** Every client call, with and without its optional fields. */
export const calls: readonly ClientFrame[] = [
  { type: 'call', id: 1, method: 'identify', params: { nick: 'Ana' } },
  { type: 'call', id: 2, method: 'identify', params: { nick: 'Ana', place: 'kitchen', since } },
  { type: 'call', id: 3, method: 'resume', params: { token: 'tok-123' } },
  { type: 'call', id: 4, method: 'resume', params: { token: 'tok-123', since } },
  { type: 'call', id: 5, method: 'say', params: { text: 'hello, world', cid: 'c-1' } },
  { type: 'call', id: 6, method: 'command', params: { line: '-goto kitchen' } },
  { type: 'call', id: 7, method: 'goto', params: { place: 'garden' } },
  { type: 'call', id: 8, method: 'goto', params: { place: 'garden', since: { seq: 12, epoch: 'e-2' } } },
  { type: 'call', id: 9, method: 'history', params: { before: 51 } },
  { type: 'call', id: 10, method: 'history', params: { before: 2, limit: 1 } },
  { type: 'call', id: 11, method: 'history', params: { before: 2, place: '@0123456789abcdef012345' } },
  { type: 'call', id: 12, method: 'say', params: { text: 'waves', cid: 'c-2', kind: 'action' } },
  { type: 'call', id: 13, method: 'say', params: { text: 'psst', cid: 'c-3', to: 'Bob' } },
  { type: 'call', id: 14, method: 'identify', params: { nick: 'Ana', release: 3 } },
  { type: 'call', id: 15, method: 'typing', params: {} },
  { type: 'call', id: 16, method: 'typing', params: { to: 'Bob' } },
  { type: 'call', id: Number.MAX_SAFE_INTEGER, method: 'leave', params: {} },
];

/** Every server push, with and without optional fields and for each reason. */
export const pushes: readonly PushFrame[] = [
  { type: 'push', method: 'hello', params: { protocol: 1, server: 'itmchat/0.1.0', limits: { textMaxLength: 2000, nameMaxLength: 24 } } },
  {
    type: 'push',
    method: 'userSay',
    params: {
      place: 'kitchen',
      epoch: 'e-1',
      messages: [
        { seq: 1, at: 0, nick: 'Ana', text: 'hi' },
        { seq: 2, at: 1_700_000_000_000, nick: 'Bob', text: '' },
      ],
    },
  },
  { type: 'push', method: 'userSay', params: { place: 'kitchen', epoch: 'e-1', messages: [] } },
  {
    type: 'push',
    method: 'userSay',
    params: {
      place: '@0123456789abcdef012345',
      epoch: 'e-9',
      messages: [
        { seq: 1, at: 0, nick: 'Ana', text: 'psst', kind: 'private', to: 'Bob' },
        { seq: 2, at: 0, nick: 'Bob', text: 'waves', kind: 'action' },
        { seq: 3, at: 0, nick: 'Bob', text: 'Tea', kind: 'topic' },
        { seq: 4, at: 0, nick: 'Bob', text: 'Robert', kind: 'nick' },
      ],
    },
  },
  { type: 'push', method: 'userAway', params: { place: 'kitchen', nick: 'Bob', away: 'lunch' } },
  { type: 'push', method: 'userAway', params: { place: 'kitchen', nick: 'Bob', away: null } },
  { type: 'push', method: 'userTyping', params: { place: 'kitchen', nick: 'Bob' } },
  { type: 'push', method: 'userJoin', params: { place: 'kitchen', nick: 'Bob' } },
  { type: 'push', method: 'userJoin', params: { place: 'kitchen', nick: 'Bob', from: 'garden' } },
  { type: 'push', method: 'userLeave', params: { place: 'kitchen', nick: 'Bob', reason: 'left' } },
  { type: 'push', method: 'userLeave', params: { place: 'kitchen', nick: 'Bob', reason: 'timeout' } },
  { type: 'push', method: 'userLeave', params: { place: 'kitchen', nick: 'Bob', reason: 'moved', to: 'garden' } },
  { type: 'push', method: 'gap', params: { place: 'kitchen', epoch: 'e-1', reason: 'trimmed', missed: { from: 1, to: 40 } } },
  { type: 'push', method: 'gap', params: { place: 'kitchen', epoch: 'e-3', reason: 'epoch', missed: null } },
  {
    type: 'push',
    method: 'history',
    params: { place: 'kitchen', epoch: 'e-1', messages: [{ seq: 1, at: 0, nick: 'Ana', text: 'first' }] },
  },
];

export const resultFrames: readonly ResultFrame[] = [
  { type: 'result', id: 1, result: joined },
  { type: 'result', id: 5, result: said },
  { type: 'result', id: 9, result: {} },
];

export const errorFrames: readonly ErrorFrame[] = [
  { type: 'error', id: 1, error: { code: 'NICK_TAKEN', message: 'someone else is Ana' } },
  { type: 'error', id: null, error: { code: 'BAD_FRAME', message: 'frame is not valid JSON' } },
];

/** Deterministic PRNG (mulberry32), so a failing fuzz case can be replayed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
