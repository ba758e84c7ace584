import WebSocket from 'ws';

/** The node flag that opens the inspector on a free loopback port, so the harness can ask for a GC. */
export const INSPECT_ARG = '--inspect=127.0.0.1:0';

/** The inspector's WebSocket URL, from what node prints on stderr at start-up. */
export function inspectorUrl(output: string): string | null {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1] ?? null;
}

/**
 * Collects garbage in another node process through its inspector (HeapProfiler.collectGarbage),
 * twice, so RSS then counts what connections hold rather than garbage not yet collected.
 * The same for every server measured.
 */
export async function forceGc(url: string): Promise<void> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  try {
    for (let id = 1; id <= 2; id++) {
      const answered = new Promise((resolve) => socket.once('message', resolve));
      socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      await answered;
    }
  } finally {
    socket.close();
  }
}
