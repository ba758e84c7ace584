import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the checkpointer copies the write-ahead log into the database. */
export const CHECKPOINT_EVERY_MS = 500;

// The worker's code, inline so the same file works from src/ (tests) and from the bundle. It
// loads the very driver this process uses, by absolute path.
const WORKER_CODE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Checkpoints a WAL database from a worker thread with its own connection. SQLite's automatic
 * checkpoint runs inside a commit, on the event loop, and stalls every chat on the server for
 * milliseconds; a PASSIVE checkpoint beside it never blocks the writer.
 */
export class SqliteCheckpointer {
  readonly #worker: Worker;
  #stopped: Promise<void> | null = null;

  constructor(file: string, onError: (message: string) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER_CODE, { eval: true, workerData: { driver, file, everyMs: CHECKPOINT_EVERY_MS } });
    this.#worker.on('message', (message: string) => onError(message));
    this.#worker.on('error', (error) => onError(String(error)));
    this.#worker.unref();
  }

  /** Stops checkpointing and closes the worker's connection. */
  stop(): Promise<void> {
    this.#stopped ??= new Promise<void>((resolve) => {
      this.#worker.once('exit', () => resolve());
      this.#worker.postMessage('stop');
    });
    return this.#stopped;
  }
}
