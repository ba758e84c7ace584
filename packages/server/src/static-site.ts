import { existsSync, realpathSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';
import { pathOf } from './path-of.js';
import { everyFile, siteFile, type FileFilter } from './site-files.js';

type Handler = (request: IncomingMessage, response: ServerResponse, next: () => void) => void;

/** A folder served over HTTP at a URL prefix. */
export interface StaticRoot {
  readonly prefix: string;
  readonly dir: string;
  /** Which of its files may be served; all by default. Hidden files and symlinks out of it never are. */
  readonly serves?: FileFilter;
}

export interface StaticSite {
  /** The URL prefix, ending in "/". */
  readonly prefix: string;
  /** Sends the one file the request names, or calls `notFound`. */
  serve(request: IncomingMessage, response: ServerResponse, notFound: () => void): void;
}

/** Of a folder's files, only those directly in it: `"subfolders": false`, as the demo is served. */
export const topLevelOnly: FileFilter = (file) => !file.includes('/');
/** The bundles without their source maps (`sourceMaps` off): the maps are for debugging, not for visitors. */
export const withoutSourceMaps: FileFilter = (file) => !file.endsWith('.map');

/**
 * The folders that exist now. `siteFile` decides, on every request, which one file the request
 * may get: it refuses hidden segments (".env", ".git/"), symlinks that leave the folder and
 * folders (no listing), checking the real path of what is on disk now. sirv then sends exactly
 * that file, looking it up per request (its `dev` mode): its other mode caches every size at
 * start-up, so a rebuilt bundle or an edited page would be served truncated until a restart,
 * and its start-up walk follows symlinks out of the folder all the same.
 */
export function staticSites(roots: readonly StaticRoot[]): StaticSite[] {
  return roots
    .filter((root) => existsSync(root.dir))
    .map((root) => {
      // Real, so that what siteFile checked is what sirv opens (a folder symlinked elsewhere is resolved once, here).
      const dir = realpathSync(root.dir);
      const send = sirv(dir, { dev: true, etag: true, extensions: [] }) as Handler;
      const prefix = root.prefix.endsWith('/') ? root.prefix : `${root.prefix}/`;
      const serves = root.serves ?? everyFile;
      return {
        prefix,
        serve(request, response, notFound) {
          const original = request.url!;
          siteFile(dir, pathOf(original).slice(prefix.length), serves).then(
            (file) => {
              if (file === null) return notFound();
              // sirv serves relative to its folder: hand it the file's own path, nothing left to resolve.
              request.url = encodeURI(`/${file}`);
              send(request, response, () => {
                request.url = original;
                notFound();
              });
            },
            () => notFound(),
          );
        },
      };
    });
}
