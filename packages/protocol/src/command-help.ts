/** One command as `-help` lists it: how to type it, what it does, and (for `-help <command>`) more. */
export interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
  readonly detail?: string;
}

/** Every command in the order `-help` lists them; `-help <command>` answers one, with its detail. */
export const COMMAND_HELP: readonly CommandHelp[] = [
  { usage: '-folks', summary: 'who is in your place', detail: 'Lists everyone in your place, away ones marked.' },
  { usage: '-all folks', summary: 'everyone here, with their places' },
  { usage: '-places', summary: 'every place and how many are in it' },
  { usage: '-goto <place>', summary: 'move to a place (made if new)', detail: 'Your earlier lines stay in the place you leave.' },
  { usage: '-where', summary: 'the place you are in' },
  { usage: '-where is <nick>', summary: 'the place someone is in' },
  {
    usage: '-msg <nick> <text>',
    summary: 'a private line to someone, wherever they are',
    detail: 'Only the two of you see it; /msg is the same. The conversation is kept like a place, across reloads.',
  },
  { usage: '-query <nick>', summary: 'open a private conversation', detail: 'The line field then starts with "-msg <nick> ".' },
  { usage: '-r <text>', summary: 'answer the last private line you got' },
  { usage: '-me <action>', summary: 'an action line: "* ana waves"' },
  {
    usage: '-nick <nick>',
    summary: 'change your nick without leaving',
    detail: 'The same rules as joining; the place is told, and your private conversations follow you.',
  },
  { usage: '-topic [text]', summary: "show or set the place's topic", detail: 'Without text, shows the topic; "-topic -" clears it.' },
  { usage: '-away [message]', summary: 'mark yourself away', detail: 'Shown in -folks and next to your nick until -back.' },
  { usage: '-back', summary: 'no longer away' },
  {
    usage: '-ignore [nick]',
    summary: "hide someone's lines, or list whom you ignore",
    detail: 'Kept in this browser only; the server is not told. -unignore <nick> undoes it.',
  },
  { usage: '-unignore <nick>', summary: "show someone's lines again" },
  { usage: '-help [command]', summary: 'this list, or more about one command' },
];

/** The help entry of a command word ("msg", "-msg", "/MSG", "all folks"), or undefined. */
export function helpFor(word: string): CommandHelp | undefined {
  const wanted = word.trim().replace(/^[-/]/u, '').toLowerCase();
  return COMMAND_HELP.find(({ usage }) => {
    const verbs = usage.slice(1).split(' <')[0]!.split(' [')[0]!;
    return verbs === wanted || verbs.split(' ')[0] === wanted;
  });
}
