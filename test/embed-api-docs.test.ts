import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultCallbacks, HOOK_EVENTS, type MountedChat, type MountOptions } from '@itmchat/itmchat-ui';

/**
 * Keeps the integrators' reference honest: the tables of "JavaScript API" in docs/embedding.md
 * (and the callback table of the package README) must name exactly the callbacks, events,
 * options and members the itmchat-ui layer has. A name on one side only fails here.
 */
const read = (path: string): string => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), 'utf8');
const EMBEDDING = read('docs/embedding.md');
const PACKAGE_README = read('packages/itmchat-ui/README.md');

/** MountOptions and MountedChat are types only: these lists fail to compile when one gains a key. */
const OPTIONS = ['callbacks', 'title', 'document', 'lang', 'strings', 'alerts'] as const satisfies readonly (keyof MountOptions)[];
const MEMBERS = ['root', 'unmount'] as const satisfies readonly (keyof MountedChat)[];
const allOptions: [Exclude<keyof MountOptions, (typeof OPTIONS)[number]>] extends [never] ? true : never = true;
const allMembers: [Exclude<keyof MountedChat, (typeof MEMBERS)[number]>] extends [never] ? true : never = true;

/** The cells of a Markdown table row; `\|` inside a cell is not a separator. */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/**
 * The body rows of the table that follows `heading` (a line of the text) and whose header's
 * first cell is `first`.
 */
function table(text: string, heading: string, first: string): string[][] {
  const lines = text.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no line "${heading}"`);
  const header = lines.findIndex((line, i) => i > start && line.startsWith('|') && cells(line)[0] === first);
  if (header < 0) throw new Error(`no table headed "${first}" after "${heading}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(cells(line));
  }
  return rows;
}

/** The `code` name in a row's first cell ("`itmchat:join`" → "itmchat:join"). */
function names(rows: readonly string[][]): string[] {
  return rows.map((row) => /^`([^`(]+)/.exec(row[0] ?? '')?.[1] ?? `(no name in "${row[0]}")`);
}

/** What the code has and the table lacks, and the reverse; both empty when they agree. */
function difference(documented: readonly string[], actual: readonly string[]): { undocumented: string[]; stray: string[] } {
  return {
    undocumented: actual.filter((name) => !documented.includes(name)),
    stray: documented.filter((name, i) => !actual.includes(name) || documented.indexOf(name) !== i),
  };
}

const AGREE = { undocumented: [], stray: [] };

describe('the embed API docs match the itmchat-ui layer', () => {
  it('docs/embedding.md has a row for every callback, and no other', () => {
    const rows = table(EMBEDDING, '### Callbacks', 'callback');
    expect(difference(names(rows), Object.keys(defaultCallbacks))).to.deep.equal(AGREE);
    for (const row of rows) {
      expect(row, row[0]).to.have.length(4);
      expect(
        row.every((cell) => cell.length > 0),
        `an empty cell in ${row[0]}`,
      ).to.equal(true);
    }
  });

  it('docs/embedding.md has a row for every event, naming the callback it follows', () => {
    const rows = table(EMBEDDING, '### Events', 'event');
    const documented = rows.map((row) => `${names([row])[0]} after ${row[1]}`);
    const actual = Object.entries(HOOK_EVENTS).map(([callback, event]) => `${event} after \`${callback}\``);
    expect(difference(documented, actual)).to.deep.equal(AGREE);
  });

  it('docs/embedding.md lists every option of mount and every member of what it returns', () => {
    expect(allOptions && allMembers).to.equal(true);
    const mount = '### `itmchat.mount(element, options)`';
    expect(difference(names(table(EMBEDDING, mount, 'option')), OPTIONS)).to.deep.equal(AGREE);
    expect(difference(names(table(EMBEDDING, mount, 'member')), MEMBERS)).to.deep.equal(AGREE);
  });

  it('the package README has a row for every callback, and no other', () => {
    const rows = names(table(PACKAGE_README, '## Callbacks', 'callback'));
    expect(difference(rows, Object.keys(defaultCallbacks))).to.deep.equal(AGREE);
  });

  it('the table reader sees a missing or a stray row', () => {
    const doc = [
      '### Callbacks',
      '',
      '| callback | a | b | c |',
      '|---|---|---|---|',
      '| `onJoin` | x \\| y | z | w |',
      '| `onStray` | 1 | 2 | 3 |',
      '',
    ].join('\n');
    const rows = table(doc, '### Callbacks', 'callback');
    expect(names(rows)).to.deep.equal(['onJoin', 'onStray']);
    expect(rows[0]).to.deep.equal(['`onJoin`', 'x \\| y', 'z', 'w']);
    expect(difference(names(rows), ['onJoin', 'onLeave'])).to.deep.equal({ undocumented: ['onLeave'], stray: ['onStray'] });
    expect(difference(['onJoin', 'onJoin'], ['onJoin']).stray).to.deep.equal(['onJoin']);
  });
});
