import { assertNever, type CommandResult, type WorkerCommandResult } from '@itmchat/protocol';
import { nickWithAway } from './notice-text.js';
import { ENGLISH, fill, plural, type UiStrings } from './strings.js';

/** A command's answer as plain text: one sentence, and a list when the answer has several items. */
export interface ReplyText {
  readonly heading: string;
  readonly items: readonly string[];
}

/** Pure: what `renderSystemReply` shows for each command, in the table's words. */
export function describeResult(result: CommandResult | WorkerCommandResult, strings: UiStrings = ENGLISH): ReplyText {
  switch (result.command) {
    case 'folks':
      return {
        heading: plural(strings, strings.folks, result.members.length, { place: result.place }),
        items: result.members.map((nick) => nickWithAway(nick, result.away ?? [], strings)),
      };
    case 'allFolks':
      return {
        heading: plural(strings, strings.allFolks, result.folks.length),
        items: result.folks.map(({ nick, place }) => fill(strings.nickInPlace, { nick, place })),
      };
    case 'places':
      return {
        heading: plural(strings, strings.places, result.places.length),
        items: result.places.map(({ name, count }) => fill(strings.placeCount, { place: name, n: count })),
      };
    case 'goto':
      return { heading: fill(strings.wentToPlace, { place: result.place.name }), items: [] };
    case 'where':
      return { heading: fill(strings.youAreIn, { place: result.place }), items: [] };
    case 'whereIs': {
      const { nick, place } = result;
      return { heading: place === null ? fill(strings.notHere, { nick }) : fill(strings.isIn, { nick, place }), items: [] };
    }
    case 'help':
      return {
        heading: strings.commands,
        items: result.commands.map(({ usage, summary, detail }) => `${usage} — ${summary}${detail ? ` ${detail}` : ''}`),
      };
    case 'nick':
      return { heading: fill(strings.youAreNow, { nick: result.nick }), items: [] };
    case 'away':
      return { heading: result.away === null ? strings.youAreBack : strings.youAreAway, items: result.away ? [result.away] : [] };
    case 'said':
      return { heading: '', items: [] };
    case 'query':
      return { heading: fill(strings.queryOpened, { nick: result.nick }), items: [] };
    case 'ignore':
      return result.ignored.length === 0
        ? { heading: strings.ignoringNobody, items: [] }
        : { heading: strings.ignoring, items: [...result.ignored] };
    case 'topic': {
      const { place, topic } = result;
      return { heading: topic === null ? fill(strings.noTopic, { place }) : fill(strings.topicOf, { place, topic }), items: [] };
    }
    default:
      return assertNever(result);
  }
}
