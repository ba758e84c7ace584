import { expect } from 'chai';
import { COMMAND_HELP, checkCommandArguments, isCommandLine, parseCommand, type Command } from '../src/index.js';

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
  ['-all', '-all folks'],
  ['-all people', '-all folks'],
  ['-all folks now', '-all folks'],
  ['-where is', '-where is <nick>'],
  ['-where Bob', '-where is <nick>'],
  ['-where is Bob Ana', '-where is <nick>'],
  ['-folks x', '-folks'],
  ['/places x', '-places'],
];

/** Arguments that are not names: refused before they can reach a reply (a v1 client checks every name in it). */
const badNames: readonly (readonly [line: string, code: 'INVALID_NICK' | 'INVALID_PLACE', message: string])[] = [
  [`-where is ${'x'.repeat(150)}`, 'INVALID_NICK', '-where is: nick must be at most 24 characters'],
  ['-where is bob!', 'INVALID_NICK', '-where is: nick may hold only letters, digits, "_", "-" and "."'],
  ['-where is ana\u3164', 'INVALID_NICK', '-where is: nick must not hold invisible characters'],
  [`-goto ${'k'.repeat(150)}`, 'INVALID_PLACE', '-goto: place name must be at most 24 characters'],
  ['-goto bad place!', 'INVALID_PLACE', '-goto: place name may hold only letters, digits, "_", "-" and "."'],
  ['-goto <script>', 'INVALID_PLACE', '-goto: place name may hold only letters, digits, "_", "-" and "."'],
  ['-goto kitchen\u3164', 'INVALID_PLACE', '-goto: place name must not hold invisible characters'],
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

describe('checkCommandArguments', () => {
  const check = (line: string) => {
    const parsed = parseCommand(line);
    return parsed.ok ? checkCommandArguments(parsed.command) : parsed;
  };

  for (const [line, code, message] of badNames) {
    it(`${JSON.stringify(line.slice(0, 40))} → ${code} (${message})`, () => {
      expect(check(line)).to.deep.equal({ ok: false, code, message });
    });
  }

  it('passes every valid command through, with a -where is nick in NFC as identify stores it', () => {
    for (const [line, command] of valid) expect(check(line), line).to.deep.equal({ ok: true, command });
    expect(check('-where is Zoe\u0301')).to.deep.equal({ ok: true, command: { name: 'whereIs', nick: 'Zo\u00e9' } });
    expect(check(`-where is ${'z'.repeat(24)}`)).to.deep.include({ ok: true });
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
