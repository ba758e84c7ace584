import { el } from './dom.js';

/** The rel every visitor's link carries: no window.opener, no referrer, no endorsement for search engines. */
export const LINK_REL = 'noopener noreferrer nofollow ugc';

/** A candidate: http(s):// and everything up to a space or a character a URL in text never holds. */
const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/giu;
/** Punctuation that ends a sentence rather than the URL ("see https://a.example/x."). */
const TRAILING = /[.,;:!?…]+$/u;

/**
 * Text with its http and https URLs made links, as DOM nodes (never parsed as HTML): the visible
 * text is what the visitor typed, the href the URL as the browser parses it. A closing bracket
 * ends the URL unless the URL opened it ("(see https://en.wikipedia.org/wiki/Foo_(bar))").
 */
export function linkify(doc: Document, text: string): Node[] {
  const nodes: Node[] = [];
  let from = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const candidate = trimUrl(match[0]);
    const url = parseHttpUrl(candidate);
    if (!url) continue;
    const at = match.index;
    if (at > from) nodes.push(doc.createTextNode(text.slice(from, at)));
    nodes.push(el(doc, 'a', { className: 'itmchat-link', attrs: { href: url, rel: LINK_REL, target: '_blank' } }, candidate));
    from = at + candidate.length;
  }
  if (from < text.length || nodes.length === 0) nodes.push(doc.createTextNode(text.slice(from)));
  return nodes;
}

function trimUrl(candidate: string): string {
  let url = candidate.replace(TRAILING, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (url.endsWith(close) && count(url, close) > count(url, open)) url = url.slice(0, -1).replace(TRAILING, '');
  }
  return url;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** The URL's normal form when it is a well-formed http or https URL with a host; null otherwise. */
function parseHttpUrl(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' ? url.href : null;
  } catch {
    return null;
  }
}
