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

export type CommandParse =
  | { readonly ok: true; readonly command: Command }
  | { readonly ok: false; readonly code: 'UNKNOWN_COMMAND' | 'COMMAND_USAGE'; readonly message: string };

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
      return rest.length === 1 ? ok({ name: 'goto', place: rest[0]! }) : usage('-goto <place>');
    case 'where':
      if (rest.length === 0) return ok({ name: 'where' });
      return rest.length === 2 && args[0] === 'is' ? ok({ name: 'whereIs', nick: rest[1]! }) : usage('-where or -where is <nick>');
    case 'help':
      return ok({ name: 'help' });
    default:
      return unknown(line);
  }
}

function unknown(line: string): CommandParse {
  return {
    ok: false,
    code: 'UNKNOWN_COMMAND',
    message: `unknown command "${line.trim().split(/\s/u)[0]}"; type -help for the list`,
  };
}

function ok(command: Command): CommandParse {
  return { ok: true, command };
}
