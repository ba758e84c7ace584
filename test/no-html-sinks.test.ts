import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Visitor text reaches the page only as text nodes. This checks what actually ships: the built
 * bundles (packages/server/dist/public, built by `npm test` first) and every package's source.
 * The bundles today contain no HTML sink at all, library code included; if a dependency ever
 * brings one, list it here by exact snippet rather than loosening the pattern.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PUBLIC = join(ROOT, 'packages/server/dist/public');
const SINKS = /\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write(?:ln)?\s*\(|createContextualFragment|\bsrcdoc\b/g;
/** Exact occurrences known to be safe (none today). */
const ALLOWED: readonly string[] = [];

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name), ext) : ext.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}

function sinks(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SINKS)]
    .map((m) => `${file.slice(ROOT.length)}: ${text.slice(Math.max(0, m.index - 40), m.index + 60)}`)
    .filter((hit) => !ALLOWED.some((allowed) => hit.includes(allowed)));
}

describe('no HTML sinks in what ships', () => {
  it('the built browser bundles hold no innerHTML/outerHTML/insertAdjacentHTML/document.write', () => {
    const bundles = files(PUBLIC, /\.js$/);
    expect(bundles.map((f) => f.slice(PUBLIC.length + 1)).sort()).to.include.members(['itmchat.js', 'itmchat-worker.js']);
    expect(bundles.flatMap(sinks)).to.deep.equal([]);
  });

  it("no package source (nor the demo pages' scripts) uses one", () => {
    const packages = readdirSync(join(ROOT, 'packages'));
    const sources = [
      ...packages.flatMap((p) => files(join(ROOT, 'packages', p, 'src'), /\.(ts|js|mjs)$/)),
      ...files(join(ROOT, 'examples'), /\.(js|html)$/),
    ];
    expect(sources.length).to.be.greaterThan(50);
    expect(sources.flatMap(sinks)).to.deep.equal([]);
  });

  it('the pattern catches each sink, minified or not', () => {
    for (const code of [
      'e.innerHTML=t',
      'n.outerHTML = x',
      "el.insertAdjacentHTML('beforeend',s)",
      'document.write(s)',
      'r.createContextualFragment(h)',
      'f.srcdoc=h',
    ]) {
      expect(code.match(SINKS), code).to.not.equal(null);
    }
  });
});
