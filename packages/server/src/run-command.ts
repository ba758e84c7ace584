import {
  COMMAND_HELP,
  assertNever,
  checkCommandArguments,
  nameKey,
  parseCommand,
  type CommandResult,
  type PlaceState,
} from '@itmchat/protocol';
import { ChatError } from './chat-error.js';
import { nickKey } from './nick-key.js';

/** What the commands need of the chat: the directory's answers, and a move for -goto. */
export interface CommandContext {
  /** Where a newcomer starts: -places lists it even when empty. */
  readonly defaultPlace: string;
  members(place: string): Promise<string[]>;
  everyone(): Promise<{ nick: string; place: string }[]>;
  /** Moves the calling visitor to `place`. */
  moveTo(place: string): Promise<PlaceState>;
}

/** Runs one typed command line for the visitor in `place`. Replies go to the caller only and are never numbered. */
export async function runCommand(chat: CommandContext, place: string, line: string): Promise<CommandResult> {
  // Arguments a reply would echo must be names (INVALID_NICK, INVALID_PLACE); the codes are the error codes.
  const parse = parseCommand(line);
  const parsed = parse.ok ? checkCommandArguments(parse.command) : parse;
  if (!parsed.ok) throw new ChatError(parsed.code, parsed.message);
  const command = parsed.command;
  switch (command.name) {
    case 'folks':
      return { command: 'folks', place, members: await chat.members(place) };
    case 'allFolks':
      return { command: 'allFolks', folks: await chat.everyone() };
    case 'places':
      return { command: 'places', places: places(await chat.everyone(), nameKey(chat.defaultPlace)) };
    case 'goto':
      return { command: 'goto', place: await chat.moveTo(command.place) };
    case 'where':
      return { command: 'where', place };
    case 'whereIs': {
      // By the nick key, as claims are: "-where is аna" (Cyrillic а) finds ana.
      const key = nickKey(command.nick);
      const found = (await chat.everyone()).find((f) => nickKey(f.nick) === key);
      return { command: 'whereIs', nick: found?.nick ?? command.nick, place: found?.place ?? null };
    }
    case 'help':
      return { command: 'help', commands: COMMAND_HELP };
    default:
      return assertNever(command);
  }
}

/** Occupied places, and the default place even when empty, so a newcomer always sees where to go. */
function places(folks: readonly { place: string }[], home: string): { name: string; count: number }[] {
  const counts = new Map<string, number>([[home, 0]]);
  for (const { place } of folks) counts.set(place, (counts.get(place) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name));
}
