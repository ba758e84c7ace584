import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
/** Ways of turning a string into markup: none may appear anywhere in the package source. */
const SINKS = /innerHTML|outerHTML|insertAdjacentHTML|createContextualFragment|DOMParser|document\.write|srcdoc/;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('no-html-sinks', () => {
  it('no source file parses strings as HTML', () => {
    const all = files(SRC);
    expect(all.length).to.be.greaterThan(10);
    const offenders = all.filter((file) => SINKS.test(readFileSync(file, 'utf8')));
    expect(offenders).to.deep.equal([]);
  });

  it('the check would catch one', () => {
    expect(SINKS.test('element.innerHTML = text')).to.equal(true);
    expect(SINKS.test("el.insertAdjacentHTML('beforeend', s)")).to.equal(true);
  });
});
