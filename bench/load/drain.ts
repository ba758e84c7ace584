import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchClient } from './adapters/bench-client.js';
import { now } from './clock.js';
import type { DeliveryLedger } from './delivery-ledger.js';
import { DRAIN_LIMIT_MS, DRAIN_QUIET_MS } from './load-config.js';

/** After the last say: waits until every due delivery and every reply is in, nothing moved for a while, or the limit. Returns the ms waited. */
export async function drain(ledger: DeliveryLedger, clients: readonly BenchClient[]): Promise<number> {
  const start = now();
  let lastCount = ledger.deliveries;
  let lastMove = start;
  for (;;) {
    const t = now();
    if (ledger.deliveries >= ledger.expectedDeliveries() && clients.every((c) => c.unanswered() === 0)) return t - start;
    if (ledger.deliveries !== lastCount) {
      lastCount = ledger.deliveries;
      lastMove = t;
    }
    if (t - lastMove > DRAIN_QUIET_MS || t - start > DRAIN_LIMIT_MS) return t - start;
    await sleep(10);
  }
}
