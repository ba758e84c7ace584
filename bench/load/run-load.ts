import { setTimeout as sleep } from 'node:timers/promises';
import { clientKindOf } from '../servers/server-names.js';
import type { BenchClient, ClientHandlers } from './adapters/bench-client.js';
import { CONNECT } from './adapters/connect-client.js';
import { now } from './clock.js';
import { cpuShares, cpuSnapshot } from './cpu-snapshot.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { drain } from './drain.js';
import { LatencyHistogram } from './latency-histogram.js';
import { CONNECT_CONCURRENCY, type LoadConfig } from './load-config.js';
import type { LoadResult } from './load-result.js';
import { makeLine, parseLine, type ParsedLine } from './message-line.js';
import { planPlaces } from './place-plan.js';
import { linesPerSender, startRatePacer } from './rate-pacer.js';
import { runLimited } from './run-limited.js';

type Phase = 'setup' | 'warmup' | 'measure' | 'drain';

/**
 * One run in this process: connects every client (joins confirmed before anyone speaks), says
 * lines for warm-up + duration, waits for what is still on its way, then checks every delivery.
 */
export async function runLoad(config: LoadConfig): Promise<LoadResult> {
  const plan = planPlaces(config.clients, config.senders, config.places);
  const ledger = new DeliveryLedger(plan.placeOf, config.places, config.senders);
  const histogram = new LatencyHistogram();
  const problems: Record<string, number> = {};
  const clients: BenchClient[] = [];
  const witnessed = new Int32Array(config.senders);
  const line: ParsedLine = { sender: 0, counter: 0, ts: 0 };
  let phase: Phase = 'setup';
  let sending = false;
  let says = 0;
  let delivered = 0;
  let frames = 0;
  const problem = (what: string) => (problems[what] = (problems[what] ?? 0) + 1);

  const say = (sender: number) => {
    const ts = now();
    const text = makeLine(sender, ledger.sentBy(sender), ts);
    ledger.noteSent(sender);
    if (phase === 'measure') says += 1;
    clients[sender]!.say(text, ts);
  };
  const pump = (sender: number) => {
    while (sending && ledger.sentBy(sender) - witnessed[sender]! < config.window) say(sender);
  };
  const handlers = (recipient: number): ClientHandlers => ({
    onMessage(seq, text) {
      const at = now();
      if (!parseLine(text, line) || line.sender >= config.senders) return void problem('unreadable line');
      ledger.record(recipient, seq, line.sender, line.counter);
      if (phase === 'measure') {
        delivered += 1;
        histogram.record(at - line.ts);
      }
      const sender = line.sender;
      if (recipient === plan.witnessOf[plan.placeOf[sender]!] && line.counter >= witnessed[sender]!) {
        witnessed[sender] = line.counter + 1;
        if (config.mode === 'max') pump(sender);
      }
    },
    onChatFrame() {
      if (phase === 'measure') frames += 1;
    },
    onProblem: problem,
  });

  // Witnesses join last, so every server sends to them after the rest of their place.
  const connect = CONNECT[clientKindOf(config.server)];
  const witnesses = new Set(plan.witnessOf);
  const indices = [...plan.placeOf.keys()];
  const open = async (i: number) => {
    clients[i] = await connect(config.url, { nick: `u${i}`, place: plan.placeNames[plan.placeOf[i]!]! }, handlers(i));
  };
  try {
    await runLimited(
      indices.filter((i) => !witnesses.has(i)),
      CONNECT_CONCURRENCY,
      open,
    );
    await runLimited(
      indices.filter((i) => witnesses.has(i)),
      CONNECT_CONCURRENCY,
      open,
    );

    phase = 'warmup';
    sending = true;
    const stopRate =
      config.mode === 'rate'
        ? startRatePacer(config.senders, linesPerSender(config.rate, config.senders, plan.placeOf), (s) => ledger.sentBy(s), say)
        : () => {};
    if (config.mode === 'max') for (let s = 0; s < config.senders; s += 1) pump(s);
    await sleep(config.warmupS * 1000);
    const start = cpuSnapshot(config.pid);
    phase = 'measure';
    await sleep(config.durationS * 1000);
    const end = cpuSnapshot(config.pid);
    phase = 'drain';
    sending = false;
    stopRate();
    const drainMs = await drain(ledger, clients);
    const check = ledger.check();

    const cpu = cpuShares(start, end);
    const wallMs = cpu.wallMs;
    return {
      server: config.server,
      mode: config.mode,
      places: config.places,
      clients: config.clients,
      senders: config.senders,
      window: config.mode === 'max' ? config.window : null,
      targetRate: config.mode === 'rate' ? config.rate : null,
      warmupS: config.warmupS,
      durationS: config.durationS,
      says,
      saysPerSec: (says * 1000) / wallMs,
      delivered,
      deliveredPerSec: (delivered * 1000) / wallMs,
      messagesPerFrame: delivered / frames,
      latencyMs: { p50: histogram.quantile(0.5), p99: histogram.quantile(0.99), max: histogram.max },
      ...check,
      problems: { ...problems },
      drainMs,
      generatorCpu: cpu.generator,
      serverCpu: cpu.server,
      otherCpu: cpu.other,
      serverCpuUsPerMsg: (cpu.serverMs * 1000) / delivered,
      serverRssMb: (end.server?.rssKb ?? Number.NaN) / 1024,
      serverPeakRssMb: (end.server?.peakRssKb ?? Number.NaN) / 1024,
    };
  } finally {
    sending = false;
    for (const client of clients) client?.close();
  }
}
