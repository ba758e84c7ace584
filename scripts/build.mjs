// Builds every package with esbuild: one script, one list of entry points.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

/** Browser files the server publishes at /itmchat/. */
const PUBLIC = 'packages/server/dist/public';

const node = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Runtime dependencies stay in node_modules; our own workspace packages are bundled in.
  external: ['ws', 'better-sqlite3', 'sirv', 'ioredis'],
  logLevel: 'warning',
};

const browser = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: ['chrome109', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
};

const targets = [
  { ...node, entryPoints: ['packages/server/src/cli.ts'], outfile: 'packages/server/dist/cli.js' },
  { ...browser, entryPoints: ['packages/bridge-worker/src/shared-worker.ts'], outfile: `${PUBLIC}/itmchat-worker.js` },
  { ...browser, entryPoints: ['packages/itmchat-ui/src/embed.ts'], outfile: `${PUBLIC}/itmchat.js` },
];

await Promise.all(targets.map((options) => build(options)));
await mkdir(PUBLIC, { recursive: true });
await copyFile('packages/itmchat-ui/src/itmchat.css', `${PUBLIC}/itmchat.css`);
console.log(`built ${targets.length} bundles and the stylesheet`);
