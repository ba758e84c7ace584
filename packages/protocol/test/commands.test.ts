import { expect } from 'chai';
import { COMMAND_HELP, isCommandLine, parseCommand, type Command } from '../src/index.js';

const valid: readonly (readonly [line: string, command: Command])[] = [
  ['-folks', { name: 'folks' }],
  ['/folks', { name: 'folks' }],
  ['/FOLKS', { name: 'folks' }],
  ['-Folks', { name: 'folks' }],
  ['  -folks  ', { name: 'folks' }],
  ['-all folks', { name: 'allFolks' }],
  ['/ALL Folks', { name: 'allFolks' }],
  ['-all \t folks', { name: 'allFolks' }],
  ['-places', { name: 'places' }],
  ['/PLACES', { name: 'places' }],
  ['-goto kitchen', { name: 'goto', place: 'kitchen' }],
  ['/GoTo Kitchen', { name: 'goto', place: 'Kitchen' }],
  ['-goto   café ', { name: 'goto', place: 'café' }],
  ['-where', { name: 'where' }],
  ['/Where', { name: 'where' }],
  ['-where is Bob', { name: 'whereIs', nick: 'Bob' }],
  ['/WHERE IS bOb', { name: 'whereIs', nick: 'bOb' }],
  ['-where  is  ANA', { name: 'whereIs', nick: 'ANA' }],
  ['-help', { name: 'help' }],
  ['/HELP', { name: 'help' }],
];

const usageErrors: readonly (readonly [line: string, usage: string])[] = [
  ['-goto', '-goto <place>'],
  ['-goto a b', '-goto <place>'],
  ['-all', '-all folks'],
  ['-all people', '-all folks'],
  ['-all folks now', '-all folks'],
  ['-where is', '-where is <nick>'],
  ['-where Bob', '-where is <nick>'],
  ['-where is Bob Ana', '-where is <nick>'],
  ['-folks x', '-folks'],
  ['/places x', '-places'],
];

const unknown: readonly (readonly [line: string, verb: string])[] = [
  ['-dance', '-dance'],
  ['/FOO bar', '/FOO'],
  ['-fokls', '-fokls'],
  ['-allfolks', '-allfolks'],
  ['-toString', '-toString'],
  ['-é', '-é'],
];

const notCommands = ['-1 for that', '/ ok', 'hello', '', '   ', '- folks', '--folks', '//folks', 'x-folks', '-', '/', ':-) hi'];

describe('isCommandLine', () => {
  it('is true for a "-" or "/" followed by a letter, after leading space', () => {
    for (const [line] of [...valid, ...usageErrors, ...unknown]) expect(isCommandLine(line), line).to.equal(true);
  });

  it('is false for chat text', () => {
    for (const line of notCommands) expect(isCommandLine(line), JSON.stringify(line)).to.equal(false);
  });
});

describe('parseCommand', () => {
  for (const [line, command] of valid) {
    it(`${JSON.stringify(line)} → ${command.name}`, () => {
      expect(parseCommand(line)).to.deep.equal({ ok: true, command });
    });
  }

  for (const [line, usage] of usageErrors) {
    it(`${JSON.stringify(line)} → COMMAND_USAGE (${usage})`, () => {
      const parsed = parseCommand(line);
      if (parsed.ok) expect.fail(`parsed as ${parsed.command.name}`);
      expect(parsed.code).to.equal('COMMAND_USAGE');
      expect(parsed.message)
        .to.match(/^usage: /)
        .and.contain(usage);
    });
  }

  for (const [line, verb] of unknown) {
    it(`${JSON.stringify(line)} → UNKNOWN_COMMAND`, () => {
      const parsed = parseCommand(line);
      if (parsed.ok) expect.fail(`parsed as ${parsed.command.name}`);
      expect(parsed.code).to.equal('UNKNOWN_COMMAND');
      expect(parsed.message).to.contain(`"${verb}"`).and.contain('-help');
    });
  }

  it('never runs a line that isCommandLine calls chat text', () => {
    for (const line of notCommands) {
      expect(parseCommand(line), JSON.stringify(line)).to.include({ ok: false, code: 'UNKNOWN_COMMAND' });
    }
  });

  it('parses every usage line that -help lists, covering every command', () => {
    const names = COMMAND_HELP.map(({ usage }) => {
      const parsed = parseCommand(usage.replace(/<(\w+)>/gu, 'x'));
      if (!parsed.ok) return expect.fail(`${usage}: ${parsed.message}`);
      return parsed.command.name;
    });
    expect(names).to.have.members(['folks', 'allFolks', 'places', 'goto', 'where', 'whereIs', 'help']);
  });
});
