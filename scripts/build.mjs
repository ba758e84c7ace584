// Builds every package: esbuild writes the JavaScript (one list of entry points), tsc the type
// declarations. Each package's dist/ is what its package.json exports to an installed copy;
// inside the repository the "@itmchat/source" condition resolves the TypeScript source instead.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

/** Every workspace package, each before the ones that depend on it (tsc reads their dist/*.d.ts). */
const PACKAGES = ['protocol', 'bridge-worker', 'jsclient', 'itmchat-ui', 'server'];
/** Browser files the server publishes at /itmchat/. */
const PUBLIC = 'packages/server/dist/public';

/** Whatever esbuild inlines from another workspace package comes from its source, not its dist/. */
const SOURCE = ['@itmchat/source'];

/** Libraries: one ES module per package; other packages (ours included) stay imports, as installed. */
const library = {
  bundle: true,
  format: 'esm',
  packages: 'external',
  conditions: SOURCE,
  sourcemap: true,
  logLevel: 'warning',
};
const browserLibrary = { ...library, platform: 'browser', target: ['es2022'] };

const browser = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome109', 'firefox115', 'safari16'],
  minify: true,
  conditions: SOURCE,
  sourcemap: true,
  logLevel: 'warning',
};

const targets = [
  {
    ...library,
    platform: 'neutral',
    target: ['es2022'],
    entryPoints: ['packages/protocol/src/index.ts'],
    outfile: 'packages/protocol/dist/index.js',
  },
  { ...browserLibrary, entryPoints: ['packages/bridge-worker/src/index.ts'], outfile: 'packages/bridge-worker/dist/index.js' },
  { ...browserLibrary, entryPoints: ['packages/jsclient/src/index.ts'], outfile: 'packages/jsclient/dist/index.js' },
  { ...browserLibrary, entryPoints: ['packages/itmchat-ui/src/index.ts'], outfile: 'packages/itmchat-ui/dist/index.js' },
  // The library and the CLI share one chunk of server code (dist/ root: it finds ./public beside it).
  {
    ...library,
    platform: 'node',
    target: 'node20',
    splitting: true,
    entryPoints: ['packages/server/src/index.ts', 'packages/server/src/cli.ts'],
    outdir: 'packages/server/dist',
  },
  // The browser bundles: everything inlined, served by the server at /itmchat/.
  { ...browser, entryPoints: ['packages/bridge-worker/src/shared-worker.ts'], outfile: `${PUBLIC}/itmchat-worker.js` },
  { ...browser, entryPoints: ['packages/itmchat-ui/src/embed.ts'], outfile: `${PUBLIC}/itmchat.js` },
];
const COPIES = [
  ['packages/itmchat-ui/src/itmchat.css', `${PUBLIC}/itmchat.css`],
  ['packages/itmchat-ui/src/itmchat.css', 'packages/itmchat-ui/dist/itmchat.css'],
];

const written = new Set();
const bundling = Promise.all(
  targets.map(async (options) => {
    const result = await build({ ...options, metafile: true });
    for (const file of Object.keys(result.metafile.outputs)) written.add(resolve(file));
  }),
);

// Declarations, package by package in dependency order (tsc takes about a second a package).
const tsc = resolve('node_modules/.bin/tsc');
for (const name of PACKAGES) {
  const { stdout } = await promisify(execFile)(tsc, ['-p', `packages/${name}/tsconfig.build.json`, '--listEmittedFiles'], {
    encoding: 'utf8',
  });
  for (const line of stdout.split('\n')) if (line.startsWith('TSFILE: ')) written.add(resolve(line.slice('TSFILE: '.length)));
}
await bundling;
for (const [from, to] of COPIES) {
  await mkdir(join(to, '..'), { recursive: true });
  await copyFile(from, to);
  written.add(resolve(to));
}

// What a renamed or removed source left behind would otherwise ship in the next npm pack.
let pruned = 0;
for (const name of PACKAGES) {
  const dist = resolve('packages', name, 'dist');
  for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
    const file = join(entry.parentPath, entry.name);
    if (entry.isFile() && !written.has(file)) {
      await rm(file);
      pruned += 1;
    }
  }
}
console.log(
  `built ${targets.length} bundles, ${PACKAGES.length} packages' declarations and the stylesheet` +
    (pruned ? ` (removed ${pruned} stale files)` : ''),
);
