import { assertNever, type CommandResult } from '@itmchat/protocol';

/** A command's answer as plain text: one sentence, and a list when the answer has several items. */
export interface ReplyText {
  readonly heading: string;
  readonly items: readonly string[];
}

/** Pure: what `renderSystemReply` shows for each command. */
export function describeResult(result: CommandResult): ReplyText {
  switch (result.command) {
    case 'folks':
      return { heading: `${count(result.members.length, 'person', 'people')} in ${result.place}:`, items: result.members };
    case 'allFolks':
      return {
        heading: `${count(result.folks.length, 'person', 'people')} here:`,
        items: result.folks.map(({ nick, place }) => `${nick} in ${place}`),
      };
    case 'places':
      return {
        heading: `${count(result.places.length, 'place', 'places')}:`,
        items: result.places.map(({ name, count: n }) => `${name} (${n})`),
      };
    case 'goto':
      return { heading: `you went to ${result.place.name}`, items: [] };
    case 'where':
      return { heading: `you are in ${result.place}`, items: [] };
    case 'whereIs':
      return { heading: result.place === null ? `${result.nick} is not here` : `${result.nick} is in ${result.place}`, items: [] };
    case 'help':
      return { heading: 'commands:', items: result.commands.map(({ usage, summary }) => `${usage} — ${summary}`) };
    default:
      return assertNever(result);
  }
}

export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
