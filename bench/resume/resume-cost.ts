import { makeLine } from '../load/message-line.js';
import { now } from '../load/clock.js';
import { median } from '../report/stats.js';
import { startBenchServer } from '../servers/start-server.js';
import { ResumeClient } from './resume-client.js';

export type ResumeStore = 'itmchat-memory' | 'itmchat-sqlite';

/** A place holding `retained` messages, of which the visitor missed the last `k`. */
export interface ResumeCase {
  readonly retained: number;
  readonly k: number;
}

/** One case's medians over its repetitions; `exact`: every repetition was. */
export interface ResumeResult extends ResumeRun {
  readonly kind: 'resume';
  readonly server: ResumeStore;
  readonly historyLimit: number;
  readonly retained: number;
  readonly k: number;
  readonly reps: number;
}

/** Wait after the backlog for anything else the server might send; counted if it comes. */
const AFTERMATH_MS = 100;
/** Says in flight while filling a place. */
const FILL_WINDOW = 64;

/** Resume cost on one server (`--history historyLimit`), each case `reps` times in a fresh place. */
export async function measureResume(
  server: ResumeStore,
  historyLimit: number,
  cases: readonly ResumeCase[],
  reps: number,
): Promise<ResumeResult[]> {
  const bench = await startBenchServer(server, ['--history', String(historyLimit)]);
  try {
    const results: ResumeResult[] = [];
    for (const c of cases) {
      const runs: ResumeRun[] = [];
      for (let rep = 0; rep < reps; rep += 1) runs.push(await resumeOnce(bench.url, c, `h${historyLimit}r${c.retained}k${c.k}n${rep}`));
      results.push({
        kind: 'resume',
        server,
        historyLimit,
        ...c,
        reps,
        frames: median(runs.map((r) => r.frames)),
        messages: median(runs.map((r) => r.messages)),
        bytes: median(runs.map((r) => r.bytes)),
        resumeMs: median(runs.map((r) => r.resumeMs)),
        reconnectMs: median(runs.map((r) => r.reconnectMs)),
        exact: runs.every((r) => r.exact),
      });
    }
    return results;
  } finally {
    await bench.stop();
  }
}

interface ResumeRun {
  /** Frames, chat messages and payload bytes the visitor received after sending resume. */
  readonly frames: number;
  readonly messages: number;
  readonly bytes: number;
  /** From sending resume to the last missed message in, ms. */
  readonly resumeMs: number;
  /** From opening the new socket to the last missed message in, ms. */
  readonly reconnectMs: number;
  /** The reply, no gap, and the k missed messages in order. */
  readonly exact: boolean;
}

async function resumeOnce(url: string, { retained, k }: ResumeCase, place: string): Promise<ResumeRun> {
  const writer = await ResumeClient.open(url);
  await writer.call('identify', { nick: `w${place}`, place });
  await say(writer, retained - k);
  // The visitor joins, holds everything up to here, and goes away (its session waits out the grace period).
  const visitor = await ResumeClient.open(url);
  const joined = await visitor.call('identify', { nick: `v${place}`, place });
  const held = joined.result.place.head;
  const backlog = Math.min(50, held);
  await visitor.until(() => messagesIn(visitor, 0) >= backlog || undefined, 'join backlog');
  await visitor.close();
  await say(writer, k);

  const opening = now();
  const back = await ResumeClient.open(url);
  const start = back.frames.length;
  const sent = now();
  const reply = await back.call('resume', { token: joined.result.token, since: [{ place, seq: held, epoch: joined.result.place.epoch }] });
  const lastIn = k === 0 ? reply.at : await back.until(() => lastMessageAt(back, start, held + k), `${k} missed messages`);
  await new Promise((resolve) => setTimeout(resolve, AFTERMATH_MS));
  const after = back.frames.slice(start);
  const seqs = after.flatMap((f) => (f.frame.method === 'userSay' ? (f.frame.params?.messages ?? []).map((m) => m.seq) : []));
  const exact = after.every((f) => f.frame.method !== 'gap') && seqs.length === k && seqs.every((seq, i) => seq === held + 1 + i);
  await Promise.all([back.close(), writer.close()]);
  return {
    frames: after.length,
    messages: seqs.length,
    bytes: after.reduce((total, f) => total + f.bytes, 0),
    resumeMs: lastIn - sent,
    reconnectMs: lastIn - opening,
    exact,
  };
}

/** Makes every cid of the run distinct: a cid said again by the same nick is a duplicate, stored and sent once. */
let cids = 0;

/** Says `count` ~100-byte lines, at most FILL_WINDOW unanswered at a time. */
async function say(client: ResumeClient, count: number): Promise<void> {
  const firstFrame = client.frames.length;
  let sent = 0;
  while (sent < count) {
    const batch = Math.min(FILL_WINDOW, count - sent);
    const batchStart = client.frames.length;
    const ids = Array.from({ length: batch }, (_, i) => client.send('say', { text: makeLine(0, sent + i, 0), cid: `c${(cids += 1)}` }));
    const last = ids[ids.length - 1]!;
    await client.until(() => client.frames.slice(batchStart).some((f) => f.frame.id === last), 'say replies');
    sent += batch;
  }
  const failed = client.frames.slice(firstFrame).filter((f) => f.frame.type === 'error');
  if (failed.length) throw new Error(`says refused: ${JSON.stringify(failed[0]!.frame)}`);
}

function messagesIn(client: ResumeClient, from: number): number {
  let count = 0;
  for (const f of client.frames.slice(from)) if (f.frame.method === 'userSay') count += f.frame.params?.messages?.length ?? 0;
  return count;
}

/** Arrival time of the frame holding message `seq`, once it came. */
function lastMessageAt(client: ResumeClient, from: number, seq: number): number | undefined {
  for (let i = from; i < client.frames.length; i += 1) {
    const f = client.frames[i]!;
    if (f.frame.method === 'userSay' && f.frame.params?.messages?.some((m) => m.seq === seq)) return f.at;
  }
  return undefined;
}
