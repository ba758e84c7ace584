import type { ServerName } from '../servers/server-names.js';

/**
 * max: each sender keeps at most `window` lines said but not yet seen by its place's witness
 * (the member that joined last, so the last one every server sends to), the same rule for every
 * server. rate: the senders together aim at `rate` deliveries per second, open loop.
 */
export type LoadMode = 'max' | 'rate';

export interface LoadConfig {
  readonly server: ServerName;
  /** The server's base URL (http://127.0.0.1:port). */
  readonly url: string;
  /** The server's process, for its CPU time and memory; omitted, those fields are NaN. */
  readonly pid?: number;
  readonly mode: LoadMode;
  readonly clients: number;
  readonly senders: number;
  readonly places: number;
  /** Lines in flight per sender (mode max). */
  readonly window: number;
  /** Target deliveries per second for all senders together (mode rate). */
  readonly rate: number;
  readonly warmupS: number;
  readonly durationS: number;
}

export const DEFAULT_LOAD = {
  clients: 200,
  senders: 10,
  window: 32,
  rate: 50_000,
  warmupS: 1,
  durationS: 5,
} as const;

/** How long, at most, the generator waits after the last say for the deliveries still on their way. */
export const DRAIN_LIMIT_MS = 10_000;
/** The drain also ends when nothing at all arrives for this long. */
export const DRAIN_QUIET_MS = 2_000;
/** Clients connecting at once. */
export const CONNECT_CONCURRENCY = 64;
