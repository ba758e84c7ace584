import type { Logger } from './logger.js';
import type { ChatStore } from './store/store.js';

/** How often the store is swept for places past their retention: cheap (one index step per place), and retention is counted in days. */
export const RETENTION_SWEEP_MS = 3_600_000;

export interface RetentionDeps {
  readonly store: ChatStore;
  /** A place lives this long after its last message; 0: for good. */
  readonly retentionMs: number;
  /** Places someone is in (or entering) on this node: never forgotten under them. */
  readonly occupied: () => ReadonlySet<string>;
  readonly log: Logger;
  readonly now?: () => number;
}

/**
 * Forgets places whose last message is older than the retention (and empty ones left behind),
 * at start-up and then hourly, so what a visitor can make the store hold by creating places is
 * bounded in time. Returns the function that stops it.
 */
export function startRetentionSweep({ store, retentionMs, occupied, log, now = Date.now }: RetentionDeps): () => void {
  if (retentionMs <= 0) return () => {};
  const sweep = () => {
    store.expire(now() - retentionMs, occupied()).then(
      (forgotten) => forgotten > 0 && log('info', 'places_expired', { count: forgotten }),
      (error: unknown) => log('warn', 'places_expire_failed', { error: String(error) }),
    );
  };
  sweep();
  const timer = setInterval(sweep, RETENTION_SWEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
