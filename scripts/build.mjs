// Builds every package with esbuild: one script, one list of entry points.
import { build } from 'esbuild';

const node = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Runtime dependencies stay in node_modules; our own workspace packages are bundled in.
  external: ['ws', 'better-sqlite3', 'sirv'],
  logLevel: 'warning',
};

const targets = [{ ...node, entryPoints: ['packages/server/src/cli.ts'], outfile: 'packages/server/dist/cli.js' }];

await Promise.all(targets.map((options) => build(options)));
console.log(`built ${targets.length} bundle(s)`);
