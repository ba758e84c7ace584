import { checkName } from './names.js';

/**
 * The typed chat-line commands of the 2008 original, plus -help. A line is a command when
 * it starts with "-" or "/" followed by a letter ("-1 for that" and "/ ok" stay chat text).
 * Parsing is pure and shared: the client uses it to route a line, the server to run it.
 */
export type Command =
  | { readonly name: 'folks' }
  | { readonly name: 'allFolks' }
  | { readonly name: 'places' }
  | { readonly name: 'goto'; readonly place: string }
  | { readonly name: 'where' }
  | { readonly name: 'whereIs'; readonly nick: string }
  | { readonly name: 'help' };

export type CommandName = Command['name'];

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

/** Usage lines in the order `-help` lists them. */
export const COMMAND_HELP: readonly { readonly usage: string; readonly summary: string }[] = [
  { usage: '-folks', summary: 'who is in your place' },
  { usage: '-all folks', summary: 'everyone here, with their places' },
  { usage: '-places', summary: 'every place and how many are in it' },
  { usage: '-goto <place>', summary: 'move to a place (made if new)' },
  { usage: '-where', summary: 'the place you are in' },
  { usage: '-where is <nick>', summary: 'the place someone is in' },
  { usage: '-help', summary: 'this list' },
];

const COMMAND_START = /^[-/]\p{L}/u;

export function isCommandLine(line: string): boolean {
  return COMMAND_START.test(line.trimStart());
}

export function parseCommand(line: string): CommandParse {
  // Same test as routing: "- folks" or "xfolks" is chat text, never a command.
  if (!isCommandLine(line)) return unknown(line);
  const words = line
    .trim()
    .slice(1)
    .split(/\s+/u)
    .filter((word) => word.length > 0);
  const [verb = '', ...args] = words.map((word, i) => (i < 2 ? word.toLowerCase() : word));
  const rest = words.slice(1);
  const usage = (text: string): CommandParse => ({ ok: false, code: 'COMMAND_USAGE', message: `usage: ${text}` });
  switch (verb) {
    case 'folks':
      return rest.length === 0 ? ok({ name: 'folks' }) : usage('-folks');
    case 'all':
      return args.length === 1 && args[0] === 'folks' ? ok({ name: 'allFolks' }) : usage('-all folks');
    case 'places':
      return rest.length === 0 ? ok({ name: 'places' }) : usage('-places');
    case 'goto':
      // Several words are one name that cannot be valid ("-goto bad place!"): the name check says why.
      return rest.length > 0 ? ok({ name: 'goto', place: rest.join(' ') }) : usage('-goto <place>');
    case 'where':
      if (rest.length === 0) return ok({ name: 'where' });
      return rest.length === 2 && args[0] === 'is' ? ok({ name: 'whereIs', nick: rest[1]! }) : usage('-where or -where is <nick>');
    case 'help':
      return ok({ name: 'help' });
    default:
      return unknown(line);
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
    case 'whereIs': {
      const nick = checkName(command.nick);
      return nick.ok ? ok({ name: 'whereIs', nick: nick.name }) : invalid('INVALID_NICK', `-where is: nick ${nick.reason}`);
    }
    default:
      return ok(command);
  }
}

function unknown(line: string): CommandParse {
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
