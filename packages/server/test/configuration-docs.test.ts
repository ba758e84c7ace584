import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { CLI_SETTINGS } from '../src/cli-settings.js';
import { OPTION_NAMES } from '../src/option-rules.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import { validateOptions } from '../src/validate-options.js';

const DOC = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');

/** docs/configuration.md's table, one row per config key. */
const ROWS = new Map(
  DOC.split('\n')
    .map((line) => /^\| `(\w+)` \|/.exec(line))
    .filter((match) => match !== null)
    .map((match) => [match[1]!, match.input]),
);

// The doc is written by hand; these keep it from drifting from the code.
describe('docs/configuration.md', () => {
  it('has a row for every option and no other', () => {
    expect([...ROWS.keys()]).to.have.members([...OPTION_NAMES]);
  });

  for (const name of OPTION_NAMES) {
    it(`gives the flag, variables and default of ${name}`, () => {
      const row = ROWS.get(name)!;
      const setting = CLI_SETTINGS[name];
      expect(row).to.include(`\`--${setting.flag} `);
      for (const variable of setting.env) expect(row).to.include(`\`${variable}\``);
      const byDefault = DEFAULT_OPTIONS[name];
      if (typeof byDefault === 'number' || typeof byDefault === 'string') expect(row).to.include(`\`${byDefault}\``);
    });
  }

  it('shows a config file example the server accepts', () => {
    const example = /```json\n([\s\S]*?)```/.exec(DOC)![1]!;
    expect(() => validateOptions(JSON.parse(example))).not.to.throw();
  });
});
