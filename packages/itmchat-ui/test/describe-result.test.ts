import { expect } from 'chai';
import { COMMAND_HELP, type CommandResult } from '@itmchat/protocol';
import { describeResult, type ReplyText } from '../src/describe-result.js';

const cases: readonly (readonly [CommandResult, ReplyText])[] = [
  [
    { command: 'folks', place: 'lobby', members: ['ana', 'bob'] },
    { heading: '2 people in lobby:', items: ['ana', 'bob'] },
  ],
  [
    { command: 'folks', place: 'attic', members: ['ana'] },
    { heading: '1 person in attic:', items: ['ana'] },
  ],
  [
    {
      command: 'allFolks',
      folks: [
        { nick: 'ana', place: 'lobby' },
        { nick: 'bob', place: 'kitchen' },
      ],
    },
    { heading: '2 people here:', items: ['ana in lobby', 'bob in kitchen'] },
  ],
  [
    {
      command: 'places',
      places: [
        { name: 'lobby', count: 3 },
        { name: 'kitchen', count: 1 },
      ],
    },
    { heading: '2 places:', items: ['lobby (3)', 'kitchen (1)'] },
  ],
  [
    { command: 'goto', place: { name: 'kitchen', epoch: 'e', head: 4, members: ['ana'] } },
    { heading: 'you went to kitchen', items: [] },
  ],
  [
    { command: 'where', place: 'lobby' },
    { heading: 'you are in lobby', items: [] },
  ],
  [
    { command: 'whereIs', nick: 'bob', place: 'kitchen' },
    { heading: 'bob is in kitchen', items: [] },
  ],
  [
    { command: 'whereIs', nick: 'bob', place: null },
    { heading: 'bob is not here', items: [] },
  ],
];

describe('describe-result', () => {
  for (const [result, expected] of cases) {
    it(`${result.command}: ${expected.heading}`, () => {
      expect(describeResult(result)).to.deep.equal(expected);
    });
  }

  it('help lists every usage with its summary, and one command with its detail', () => {
    const list = COMMAND_HELP.map(({ usage, summary }) => ({ usage, summary }));
    const { heading, items } = describeResult({ command: 'help', commands: list });
    expect(heading).to.equal('commands:');
    expect(items).to.have.length(COMMAND_HELP.length);
    expect(items[0]).to.equal('-folks — who is in your place');
    const one = describeResult({ command: 'help', commands: [{ usage: '-r <text>', summary: 'answer', detail: 'More.' }] });
    expect(one.items).to.deep.equal(['-r <text> — answer More.']);
  });

  it('nick and topic answers', () => {
    expect(describeResult({ command: 'nick', nick: 'anna' }).heading).to.equal('you are now known as anna');
    expect(describeResult({ command: 'topic', place: 'lobby', topic: null, set: false }).heading).to.equal('lobby has no topic');
    expect(describeResult({ command: 'topic', place: 'lobby', topic: 'tea', set: true }).heading).to.equal('topic of lobby: tea');
  });
});
