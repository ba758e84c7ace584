import { COMMAND_HELP, ErrorCode, nameKey, parseCommand, type CommandResult } from '@itmchat/protocol';
import type { Chat } from './chat.js';
import { assertNever } from './assert-never.js';
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
      return { command: 'folks', place: session.place, members: chat.room(session.place)?.nicks() ?? [] };
    case 'allFolks':
      return { command: 'allFolks', folks: everyone(chat) };
    case 'places':
      return { command: 'places', places: places(chat) };
    case 'goto':
      return { command: 'goto', place: await chat.moveTo(session, command.place, undefined) };
    case 'where':
      return { command: 'where', place: session.place };
    case 'whereIs': {
      const found = chat.sessionByNick(nameKey(command.nick));
      return { command: 'whereIs', nick: found?.nick ?? command.nick, place: found?.place ?? null };
    }
    case 'help':
      return { command: 'help', commands: COMMAND_HELP };
    default:
      return assertNever(command);
  }
}

function everyone(chat: Chat): { nick: string; place: string }[] {
  return sortedRooms(chat).flatMap((room) => room.nicks().map((nick) => ({ nick, place: room.name })));
}

/** Occupied places, and the default place even when empty, so a newcomer always sees where to go. */
function places(chat: Chat): { name: string; count: number }[] {
  const list = [...chat.rooms()].map((room) => ({ name: room.name, count: room.members.size }));
  const home = nameKey(chat.options.defaultPlace);
  if (!list.some((p) => p.name === home)) list.push({ name: home, count: 0 });
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

function sortedRooms(chat: Chat) {
  return [...chat.rooms()].sort((a, b) => a.name.localeCompare(b.name));
}
