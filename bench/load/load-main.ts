// The generator as a child process of bench/run.ts: one run, config in argv[2] as JSON, the
// LoadResult sent back over IPC. A fresh process per run, so no run inherits another's heap or JIT.
import type { LoadConfig } from './load-config.js';
import { runLoad } from './run-load.js';

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
runLoad(config).then(
  (result) => process.send!({ ok: true, result }, () => process.exit(0)),
  (error: unknown) => process.send!({ ok: false, error: String((error as Error)?.stack ?? error) }, () => process.exit(1)),
);
