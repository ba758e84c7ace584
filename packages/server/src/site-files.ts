import { realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Which files of a folder may be served, by their path inside it ("a/b.css", "/"-separated). */
export type FileFilter = (file: string) => boolean;

export const everyFile: FileFilter = () => true;

/**
 * The file a request path names inside `root` (a real path, no symlink in it), as its real path
 * relative to `root` with "/" separators; null when there is none that may be served. Tried in
 * turn: the path itself, then `<path>.html`, then `<path>/index.html` ("/" is "/index.html").
 *
 * Refused, whatever the file system holds: any segment starting with "." (".env", ".git/…",
 * "..", "%2e%2e" once decoded), a NUL or a backslash; a file whose real path, symlinks resolved,
 * leaves `root` or has such a segment itself; anything but a regular file (so no folder
 * listing); and what `serves` refuses, checked on the path asked for and on the real one.
 */
export async function siteFile(root: string, urlPath: string, serves: FileFilter = everyFile): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (/[\0\\]/.test(decoded)) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some(isHidden)) return null;
  const asked = segments.join('/');
  const candidates = asked === '' || decoded.endsWith('/') ? [join(asked, 'index.html')] : [asked, `${asked}.html`, `${asked}/index.html`];
  for (const candidate of candidates) {
    if (!serves(candidate.split(sep).join('/'))) continue;
    const found = await realFile(root, candidate);
    if (found !== null && serves(found)) return found;
  }
  return null;
}

function isHidden(segment: string): boolean {
  return segment.startsWith('.');
}

/** `candidate`'s real path relative to `root`, if it is a regular file inside it, with no hidden segment and nothing a URL could not name back. */
async function realFile(root: string, candidate: string): Promise<string | null> {
  try {
    const real = await realpath(join(root, candidate));
    if (!real.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
    const inside = relative(root, real).split(sep);
    // "%", "?" and "#" would not survive the trip through a URL to the file server.
    if (inside.some(isHidden) || inside.some((segment) => /[%?#]/.test(segment))) return null;
    return (await stat(real)).isFile() ? inside.join('/') : null;
  } catch {
    return null; // missing, unreadable, or a symlink loop
  }
}
