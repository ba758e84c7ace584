import { expect } from 'chai';
import { LINK_REL, linkify } from '../src/linkify.js';
import { newPage } from './support/dom.js';

/** The nodes as "text" and "[link text -> href]". */
function shape(text: string): string[] {
  const { document } = newPage();
  return linkify(document, text).map((node) =>
    node instanceof document.defaultView!.HTMLAnchorElement
      ? `[${node.textContent} -> ${node.getAttribute('href')}]`
      : (node.textContent ?? ''),
  );
}

describe('linkify', () => {
  it('makes http and https URLs links, and leaves the rest as text', () => {
    expect(shape('see https://example.org/a?b=1#c and http://x.test')).to.deep.equal([
      'see ',
      '[https://example.org/a?b=1#c -> https://example.org/a?b=1#c]',
      ' and ',
      '[http://x.test -> http://x.test/]',
    ]);
    expect(shape('no link here')).to.deep.equal(['no link here']);
    expect(shape('')).to.deep.equal(['']);
  });

  it('leaves sentence punctuation and unopened brackets outside the link', () => {
    expect(shape('go to https://a.example/x.')).to.deep.equal(['go to ', '[https://a.example/x -> https://a.example/x]', '.']);
    expect(shape('(see https://a.example/y)')).to.deep.equal(['(see ', '[https://a.example/y -> https://a.example/y]', ')']);
    expect(shape('https://en.wikipedia.org/wiki/Foo_(bar)!')).to.deep.equal([
      '[https://en.wikipedia.org/wiki/Foo_(bar) -> https://en.wikipedia.org/wiki/Foo_(bar)]',
      '!',
    ]);
  });

  it('never links other schemes, and hostile text stays text', () => {
    expect(shape('javascript:alert(1) data:text/html,<b>x</b> ftp://a.example')).to.deep.equal([
      'javascript:alert(1) data:text/html,<b>x</b> ftp://a.example',
    ]);
    const { document } = newPage();
    const nodes = linkify(document, 'https://a.example/"><img src=x onerror=alert(1)>');
    const link = nodes[0] as HTMLAnchorElement;
    expect(link.getAttribute('href')).to.equal('https://a.example/');
    expect(nodes.map((n) => n.nodeName)).to.deep.equal(['A', '#text']);
    expect(nodes[1]!.textContent).to.equal('"><img src=x onerror=alert(1)>');
  });

  it('opens links apart, with no opener, no referrer and no endorsement', () => {
    const { document } = newPage();
    const link = linkify(document, 'https://a.example')[0] as HTMLAnchorElement;
    expect(link.rel).to.equal('noopener noreferrer nofollow ugc');
    expect(LINK_REL).to.equal(link.rel);
    expect(link.target).to.equal('_blank');
  });
});
