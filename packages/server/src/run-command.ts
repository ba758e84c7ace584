import { COMMAND_HELP, assertNever, ErrorCode, nameKey, parseCommand, type CommandResult } from '@itmchat/protocol';
import type { Chat } from './chat.js';
import { ChatError } from './chat-error.js';
import type { Session } from './session.js';

/** Runs one typed command line for a visitor. Replies go to the caller only and are never numbered. */
export async function runCommand(chat: Chat, session: Session, line: string): Promise<CommandResult> {
  const parsed = parseCommand(line);
  if (!parsed.ok) {
    throw new ChatError(parsed.code === 'UNKNOWN_COMMAND' ? ErrorCode.UnknownCommand : ErrorCode.CommandUsage, parsed.message);
  }
  const command = parsed.command;
  switch (command.name) {
    case 'folks':
      return { command: 'folks', place: session.place, members: await chat.backplane.members(session.place) };
    case 'allFolks':
      return { command: 'allFolks', folks: await chat.backplane.everyone() };
    case 'places':
      return { command: 'places', places: places(await chat.backplane.everyone(), nameKey(chat.options.defaultPlace)) };
    case 'goto':
      return { command: 'goto', place: await chat.moveTo(session, command.place, undefined) };
    case 'where':
      return { command: 'where', place: session.place };
    case 'whereIs': {
      const key = nameKey(command.nick);
      const found = (await chat.backplane.everyone()).find((f) => nameKey(f.nick) === key);
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
