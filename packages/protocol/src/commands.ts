import { checkName, lengthOf } from './names.js';

/**
 * The typed chat-line commands: the 2008 original's, and what a chat regular types without
 * thinking. A line is a command when it starts with "-" or "/" followed by a letter ("-1 for
 * that" and "/ ok" stay chat text). Parsing is pure and shared: the worker routes a line by it
 * (`runsInWorker`), the server runs the rest.
 */
export type Command =
  | { readonly name: 'folks' }
  | { readonly name: 'allFolks' }
  | { readonly name: 'places' }
  | { readonly name: 'goto'; readonly place: string }
  | { readonly name: 'where' }
  | { readonly name: 'whereIs'; readonly nick: string }
  | { readonly name: 'help'; readonly about?: string }
  | { readonly name: 'me'; readonly text: string }
  | { readonly name: 'msg'; readonly nick: string; readonly text: string }
  | { readonly name: 'query'; readonly nick: string }
  | { readonly name: 'reply'; readonly text: string }
  | { readonly name: 'nick'; readonly nick: string }
  /** Without `topic`, shows it; an empty `topic` ("-topic -") clears it. */
  | { readonly name: 'topic'; readonly topic?: string }
  | { readonly name: 'away'; readonly message?: string }
  | { readonly name: 'back' }
  | { readonly name: 'ignore'; readonly nick?: string }
  | { readonly name: 'unignore'; readonly nick: string };

export type CommandName = Command['name'];

/**
 * Commands the worker carries out itself: lines said (an action, a private line) go out as `say`
 * calls, with a cid, numbered, retried like any line; -query and -ignore need no server at all.
 */
const WORKER_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>(['me', 'msg', 'query', 'reply', 'ignore', 'unignore']);

export function runsInWorker(command: Command): boolean {
  return WORKER_COMMANDS.has(command.name);
}

/**
 * A refused line: no such command, wrong arguments, or an argument that is not a valid name
 * (`INVALID_NICK`, `INVALID_PLACE`: an argument a reply would echo must pass `checkName`).
 * Each code is the error code the server answers with.
 */
export type CommandParse =
  | { readonly ok: true; readonly command: Command }
  | {
      readonly ok: false;
      readonly code: 'UNKNOWN_COMMAND' | 'COMMAND_USAGE' | 'INVALID_NICK' | 'INVALID_PLACE';
      readonly message: string;
    };

/** Longest topic, in characters: one line in the chat's header. */
export const TOPIC_MAX_LENGTH = 160;
/** Longest away message, in characters. */
export const AWAY_MAX_LENGTH = 80;

const COMMAND_START = /^[-/]\p{L}/u;

export function isCommandLine(line: string): boolean {
  return COMMAND_START.test(line.trimStart());
}

export function parseCommand(line: string): CommandParse {
  // Same test as routing: "- folks" or "xfolks" is chat text, never a command.
  if (!isCommandLine(line)) return unknownCommand(line);
  const body = line.trim().slice(1);
  const verb = /^\S+/u.exec(body)![0];
  // What follows the verb, as typed: the text of -me, -msg, -topic and -away keeps its spacing.
  const tail = body.slice(verb.length).trimStart();
  const words = tail.split(/\s+/u).filter((word) => word.length > 0);
  const usage = (text: string): CommandParse => ({ ok: false, code: 'COMMAND_USAGE', message: `usage: ${text}` });
  const oneWord = (make: (word: string) => Command, text: string) => (words.length === 1 ? ok(make(words[0]!)) : usage(text));
  const bare = (command: Command, text: string) => (words.length === 0 ? ok(command) : usage(text));
  switch (verb.toLowerCase()) {
    case 'folks':
      return bare({ name: 'folks' }, '-folks');
    case 'all':
      return words.length === 1 && words[0]!.toLowerCase() === 'folks' ? ok({ name: 'allFolks' }) : usage('-all folks');
    case 'places':
      return bare({ name: 'places' }, '-places');
    case 'goto':
      // Several words are one name that cannot be valid ("-goto bad place!"): the name check says why.
      return words.length > 0 ? ok({ name: 'goto', place: words.join(' ') }) : usage('-goto <place>');
    case 'where':
      if (words.length === 0) return ok({ name: 'where' });
      return words.length === 2 && words[0]!.toLowerCase() === 'is'
        ? ok({ name: 'whereIs', nick: words[1]! })
        : usage('-where or -where is <nick>');
    case 'help':
      return ok(words.length === 0 ? { name: 'help' } : { name: 'help', about: words.join(' ') });
    case 'me':
      return tail ? ok({ name: 'me', text: tail }) : usage('-me <action>');
    case 'msg': {
      const text = tail.slice(words[0]?.length ?? 0).trimStart();
      return words.length >= 2 ? ok({ name: 'msg', nick: words[0]!, text }) : usage('-msg <nick> <text>');
    }
    case 'query':
      return oneWord((nick) => ({ name: 'query', nick }), '-query <nick>');
    case 'r':
      return tail ? ok({ name: 'reply', text: tail }) : usage('-r <text>');
    case 'nick':
      return oneWord((nick) => ({ name: 'nick', nick }), '-nick <nick>');
    case 'topic':
      if (!tail) return ok({ name: 'topic' });
      return ok({ name: 'topic', topic: tail === '-' ? '' : tail });
    case 'away':
      return ok(tail ? { name: 'away', message: tail } : { name: 'away' });
    case 'back':
      return bare({ name: 'back' }, '-back');
    case 'ignore':
      if (words.length === 0) return ok({ name: 'ignore' });
      return oneWord((nick) => ({ name: 'ignore', nick }), '-ignore [nick]');
    case 'unignore':
      return oneWord((nick) => ({ name: 'unignore', nick }), '-unignore <nick>');
    default:
      return unknownCommand(line);
  }
}

/**
 * The arguments of a parsed command checked against the naming rules (`checkName`), since a
 * reply echoes them and a v1 client validates every name in a reply: a nick that is not a valid
 * nick gets `INVALID_NICK` ("-where is: nick must be at most 24 characters"), a place name
 * `INVALID_PLACE`. A valid nick comes back in NFC, as `identify` stores it. The server runs this
 * after `parseCommand`; a client that only routes lines need not (and keeps its bundle small).
 */
export function checkCommandArguments(command: Command): CommandParse {
  switch (command.name) {
    case 'goto': {
      const place = checkName(command.place);
      return place.ok ? ok(command) : invalid('INVALID_PLACE', `-goto: place name ${place.reason}`);
    }
    case 'whereIs':
      return withNick(command, '-where is', (nick) => ({ ...command, nick }));
    case 'msg':
    case 'query':
    case 'unignore':
      return withNick(command, `-${command.name}`, (nick) => ({ ...command, nick }));
    case 'nick':
      return withNick(command, '-nick', (nick) => ({ ...command, nick }));
    case 'ignore':
      return command.nick === undefined ? ok(command) : withNick({ nick: command.nick }, '-ignore', (nick) => ({ ...command, nick }));
    case 'topic':
      return lengthOf(command.topic ?? '') > TOPIC_MAX_LENGTH
        ? { ok: false, code: 'COMMAND_USAGE', message: `-topic: a topic must be at most ${TOPIC_MAX_LENGTH} characters` }
        : ok(command);
    case 'away':
      return lengthOf(command.message ?? '') > AWAY_MAX_LENGTH
        ? { ok: false, code: 'COMMAND_USAGE', message: `-away: an away message must be at most ${AWAY_MAX_LENGTH} characters` }
        : ok(command);
    default:
      return ok(command);
  }
}

/** The command with its nick argument checked and in NFC, or INVALID_NICK saying why. */
function withNick(command: { readonly nick: string }, verb: string, make: (nick: string) => Command): CommandParse {
  const nick = checkName(command.nick);
  return nick.ok ? ok(make(nick.name)) : invalid('INVALID_NICK', `${verb}: nick ${nick.reason}`);
}

/** UNKNOWN_COMMAND for `line`, naming its first word. */
export function unknownCommand(line: string): Extract<CommandParse, { ok: false }> {
  return {
    ok: false,
    code: 'UNKNOWN_COMMAND',
    message: `unknown command "${line.trim().split(/\s/u)[0]}"; type -help for the list`,
  };
}

function invalid(code: 'INVALID_NICK' | 'INVALID_PLACE', message: string): CommandParse {
  return { ok: false, code, message };
}

function ok(command: Command): CommandParse {
  return { ok: true, command };
}
