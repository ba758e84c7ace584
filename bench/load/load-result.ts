import type { ServerName } from '../servers/server-names.js';
import type { LoadMode } from './load-config.js';

/** One run of the load generator against one server. Rates cover the measured window only; checks cover the whole run. */
export interface LoadResult {
  readonly server: ServerName;
  readonly mode: LoadMode;
  readonly places: number;
  readonly clients: number;
  readonly senders: number;
  readonly window: number | null;
  readonly targetRate: number | null;
  readonly warmupS: number;
  readonly durationS: number;
  /** Lines said during the measured window, and per second. */
  readonly says: number;
  readonly saysPerSec: number;
  /** Messages received during the window, each counted once per recipient, and per second. */
  readonly delivered: number;
  readonly deliveredPerSec: number;
  /** Chat messages per received frame: 1 unless the server batches. */
  readonly messagesPerFrame: number;
  /** Receive time minus the time the sender wrote the line, same clock, same process. */
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly lost: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  readonly unseen: number;
  /** Protocol complaints by kind (error replies, gaps, unexpected closes). */
  readonly problems: Readonly<Record<string, number>>;
  /** How long the generator waited after the last say for the last delivery. */
  readonly drainMs: number;
  /** CPU used, as a share of one core, over the window. */
  readonly generatorCpu: number;
  readonly serverCpu: number;
  /** Everything else running on the machine meanwhile (all cores, from /proc/stat): the noise. */
  readonly otherCpu: number;
  /** Server CPU time per delivered message, in µs. */
  readonly serverCpuUsPerMsg: number;
  readonly serverRssMb: number;
  readonly serverPeakRssMb: number;
}
