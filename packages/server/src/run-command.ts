import {
  COMMAND_HELP,
  ErrorCode,
  PROTOCOL_RELEASE,
  type Away,
  type CommandName,
  assertNever,
  helpFor,
  checkCommandArguments,
  nameKey,
  parseCommand,
  unknownCommand,
  type CommandResult,
  type PlaceState,
} from '@itmchat/protocol';
import { ChatError } from './chat-error.js';
import { nickKey } from './nick-key.js';

/** What the commands need of the chat: the directory's answers, and a move for -goto. */
export interface CommandContext {
  /** Where a newcomer starts: -places lists it even when empty. */
  readonly defaultPlace: string;
  /** The release its client reads: commands a later release added are unknown to an older client (it could not read their answers). */
  readonly release: number;
  members(place: string): Promise<string[]>;
  everyone(): Promise<{ nick: string; place: string }[]>;
  /** Moves the calling visitor to `place`. */
  moveTo(place: string): Promise<PlaceState>;
  /** The topic of the visitor's place now (null: none). */
  topic(): string | null;
  /** Sets it ('' clears it): a numbered `topic` line of the place. */
  setTopic(text: string): Promise<void>;
  /** Who is away in a place, across the cluster. */
  away(place: string): Promise<Away[]>;
  /** -away (a message, '' for none) and -back (null): the place is told. */
  setAway(away: string | null): void;
  /** -nick: resolves with the visitor's nick afterwards. */
  rename(nick: string): Promise<string>;
}

/** Commands whose answers are new in 0.3 (release 3). */
const SINCE_0_3: ReadonlySet<CommandName> = new Set<CommandName>(['nick', 'topic', 'away', 'back']);

/** Runs one typed command line for the visitor in `place`. Replies go to the caller only and are never numbered. */
export async function runCommand(chat: CommandContext, place: string, line: string): Promise<CommandResult> {
  // Arguments a reply would echo must be names (INVALID_NICK, INVALID_PLACE); the codes are the error codes.
  const parse = parseCommand(line);
  const parsed = parse.ok ? checkCommandArguments(parse.command) : parse;
  if (!parsed.ok) throw new ChatError(parsed.code, parsed.message);
  const command = parsed.command;
  if (chat.release < PROTOCOL_RELEASE && SINCE_0_3.has(command.name)) refuseUnknown(line);
  switch (command.name) {
    case 'folks': {
      const [members, away] = await Promise.all([chat.members(place), chat.away(place)]);
      return away.length > 0 ? { command: 'folks', place, members, away } : { command: 'folks', place, members };
    }
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
    case 'help': {
      const one = command.about === undefined ? undefined : helpFor(command.about);
      if (command.about !== undefined && !one) refuseUnknown(`-${command.about}`);
      return { command: 'help', commands: one ? [one] : COMMAND_HELP.map(({ usage, summary }) => ({ usage, summary })) };
    }
    case 'topic':
      if (command.topic === undefined) return { command: 'topic', place, topic: chat.topic(), set: false };
      await chat.setTopic(command.topic);
      return { command: 'topic', place, topic: command.topic || null, set: true };
    case 'nick':
      return { command: 'nick', nick: await chat.rename(command.nick) };
    case 'away': {
      const away = command.message ?? '';
      chat.setAway(away);
      return { command: 'away', away };
    }
    case 'back':
      chat.setAway(null);
      return { command: 'away', away: null };
    case 'me':
    case 'msg':
    case 'query':
    case 'reply':
    case 'ignore':
    case 'unignore':
      // Carried out by the client: lines said go out as `say` calls (with a cid, numbered), the rest stays in the browser.
      throw new ChatError(ErrorCode.CommandUsage, `-${command.name} is done by the chat client, not sent as a command`);
    default:
      return assertNever(command);
  }
}

/** UNKNOWN_COMMAND for `line`, as the parser words it. */
function refuseUnknown(line: string): never {
  const unknown = unknownCommand(line);
  throw new ChatError(unknown.code, unknown.message);
}

/** Occupied places, and the default place even when empty, so a newcomer always sees where to go. */
function places(folks: readonly { place: string }[], home: string): { name: string; count: number }[] {
  const counts = new Map<string, number>([[home, 0]]);
  for (const { place } of folks) counts.set(place, (counts.get(place) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name));
}
