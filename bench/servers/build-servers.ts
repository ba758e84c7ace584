// Bundles the two comparison servers to plain .mjs files, so every server under test runs as
// `node <file>` with no TypeScript loader in its process (same start-up, same memory baseline).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Inside node_modules so the bundles resolve `ws` and `socket.io` from the repository's node_modules. */
export const BUNDLE_DIR = `${ROOT}node_modules/.cache/itmchat-bench`;

export const BUNDLES = {
  'bare-ws': `${BUNDLE_DIR}/bare-ws.mjs`,
  socketio: `${BUNDLE_DIR}/socketio.mjs`,
} as const;

export async function buildServers(): Promise<void> {
  await Promise.all(
    Object.entries(BUNDLES).map(([name, outfile]) =>
      build({
        entryPoints: [fileURLToPath(new URL(`./${name}.ts`, import.meta.url))],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        external: ['ws', 'socket.io'],
        logLevel: 'warning',
      }),
    ),
  );
}
