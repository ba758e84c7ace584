import { now } from './clock.js';

/**
 * Open loop: every sender says `perSender` lines a second whatever comes back, staggered so they
 * do not all fire in the same millisecond. Lines are stamped when written, so latency is what a
 * line spent in sockets and the server; a late timer shows as a lower achieved rate.
 * Returns the function that stops it.
 */
export function startRatePacer(
  senders: number,
  perSender: number,
  sentBy: (sender: number) => number,
  say: (sender: number) => void,
): () => void {
  const t0 = now();
  const timer = setInterval(() => {
    const elapsed = ((now() - t0) * perSender) / 1000;
    for (let s = 0; s < senders; s += 1) {
      const due = Math.floor(elapsed + s / senders);
      while (sentBy(s) < due) say(s);
    }
  }, 1);
  return () => clearInterval(timer);
}

/** Lines per second per sender so that all of them together make `rate` deliveries per second. */
export function linesPerSender(rate: number, senders: number, placeOf: readonly number[]): number {
  let recipients = 0;
  for (let s = 0; s < senders; s += 1) recipients += placeOf.filter((p) => p === placeOf[s]).length - 1;
  return rate / recipients;
}
