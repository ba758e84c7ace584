import type { RunOptions } from '../run-options.js';

/** The run's settings in one line, for the document's header. */
export function settingsText(o: RunOptions): string {
  return [
    `${o.clients} clients, ${o.senders} senders, places ${o.places.join(' and ')}`,
    `window ${o.window} lines per sender (max), target ${o.rate.toLocaleString('en-US')} deliveries/s (rate)`,
    `${o.warmupS} s warm-up + ${o.durationS} s measured, ${o.reps} repetition(s)`,
    o.idle ? `${o.idle.toLocaleString('en-US')} idle clients` : 'idle memory skipped',
  ].join('; ');
}
