import { expect } from 'chai';
import {
  AWAY_MAX_LENGTH,
  COMMAND_HELP,
  TOPIC_MAX_LENGTH,
  checkCommandArguments,
  helpFor,
  isCommandLine,
  parseCommand,
  runsInWorker,
  type Command,
} from '../src/index.js';

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
  ['-help msg', { name: 'help', about: 'msg' }],
  ['-me waves  at   everyone', { name: 'me', text: 'waves  at   everyone' }],
  ['/ME Waves', { name: 'me', text: 'Waves' }],
  ['-msg bob hi  there', { name: 'msg', nick: 'bob', text: 'hi  there' }],
  ['/msg Bob hi', { name: 'msg', nick: 'Bob', text: 'hi' }],
  ['-query bob', { name: 'query', nick: 'bob' }],
  ['-r thanks!', { name: 'reply', text: 'thanks!' }],
  ['-nick anna', { name: 'nick', nick: 'anna' }],
  ['-topic', { name: 'topic' }],
  ['-topic Tea  and cake', { name: 'topic', topic: 'Tea  and cake' }],
  ['-topic -', { name: 'topic', topic: '' }],
  ['-away', { name: 'away' }],
  ['-away gone for lunch', { name: 'away', message: 'gone for lunch' }],
  ['-back', { name: 'back' }],
  ['-ignore', { name: 'ignore' }],
  ['-ignore bob', { name: 'ignore', nick: 'bob' }],
  ['-unignore bob', { name: 'unignore', nick: 'bob' }],
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
  ['-me', '-me <action>'],
  ['-msg', '-msg <nick> <text>'],
  ['-msg bob', '-msg <nick> <text>'],
  ['-query', '-query <nick>'],
  ['-query bob ana', '-query <nick>'],
  ['-r', '-r <text>'],
  ['-nick', '-nick <nick>'],
  ['-nick a b', '-nick <nick>'],
  ['-back now', '-back'],
  ['-ignore a b', '-ignore [nick]'],
  ['-unignore', '-unignore <nick>'],
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
  ['-msg bob! hi', 'INVALID_NICK', '-msg: nick may hold only letters, digits, "_", "-" and "."'],
  [`-nick ${'n'.repeat(30)}`, 'INVALID_NICK', '-nick: nick must be at most 24 characters'],
  ['-query <b>', 'INVALID_NICK', '-query: nick may hold only letters, digits, "_", "-" and "."'],
  ['-ignore bob!', 'INVALID_NICK', '-ignore: nick may hold only letters, digits, "_", "-" and "."'],
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
    expect(names).to.have.members([
      'folks',
      'allFolks',
      'places',
      'goto',
      'where',
      'whereIs',
      'msg',
      'query',
      'reply',
      'me',
      'nick',
      'topic',
      'away',
      'back',
      'ignore',
      'unignore',
      'help',
    ]);
  });

  it('refuses a topic or away message over its length', () => {
    const check = (line: string) => {
      const parsed = parseCommand(line);
      return parsed.ok ? checkCommandArguments(parsed.command) : parsed;
    };
    expect(check(`-topic ${'t'.repeat(TOPIC_MAX_LENGTH)}`)).to.include({ ok: true });
    expect(check(`-topic ${'t'.repeat(TOPIC_MAX_LENGTH + 1)}`)).to.include({ ok: false, code: 'COMMAND_USAGE' });
    expect(check(`-away ${'a'.repeat(AWAY_MAX_LENGTH + 1)}`)).to.include({ ok: false, code: 'COMMAND_USAGE' });
  });

  it('says which commands the worker carries out itself', () => {
    const routed = ['-me x', '-msg a b', '-query a', '-r x', '-ignore', '-unignore a', '-nick a', '-topic', '-folks', '-away'].map(
      (line) => {
        const parsed = parseCommand(line);
        return parsed.ok && runsInWorker(parsed.command);
      },
    );
    expect(routed).to.deep.equal([true, true, true, true, true, true, false, false, false, false]);
  });

  it('finds the help of a command by its word, with or without its dash', () => {
    expect(helpFor('msg')?.usage).to.equal('-msg <nick> <text>');
    expect(helpFor('/R')?.usage).to.equal('-r <text>');
    expect(helpFor('all')?.usage).to.equal('-all folks');
    expect(helpFor('where')?.usage).to.equal('-where');
    expect(helpFor('dance')).to.equal(undefined);
  });
});
