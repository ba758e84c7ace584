import { measureIdleMemory, type IdleResult } from './idle/idle-memory.js';
import { runLoadInChild, type LoadRecord } from './load/run-in-child.js';
import { measureResume, type ResumeResult, type ResumeStore } from './resume/resume-cost.js';
import { resumePlan } from './resume/resume-plan.js';
import type { RunOptions } from './run-options.js';

/** Receives every record as soon as it exists (the runner prints it as one JSON line). */
export type Emit = (record: object) => void;

/** Every configuration (server × places × mode) once per repetition, in the same order each time: A B C … A B C … */
export async function runLoads(options: RunOptions, emit: Emit): Promise<LoadRecord[]> {
  const configs = options.places.flatMap((places) =>
    options.modes.flatMap((mode) => options.servers.map((server) => ({ server, places, mode }))),
  );
  const { clients, senders, window, rate, warmupS, durationS } = options;
  const records: LoadRecord[] = [];
  for (let rep = 1; rep <= options.reps; rep += 1) {
    for (const [i, c] of configs.entries()) {
      progress(`load ${rep}/${options.reps} ${i + 1}/${configs.length}: ${c.server}, ${c.places} place(s), mode ${c.mode}`);
      const record = await runLoadInChild({ ...c, clients, senders, window, rate, warmupS, durationS }, rep);
      records.push(record);
      emit(record);
    }
  }
  return records;
}

/** Memory per idle connection, every server once per repetition, interleaved too. */
export async function runIdle(options: RunOptions, emit: Emit): Promise<IdleResult[]> {
  if (options.idle === 0) return [];
  const results: IdleResult[] = [];
  for (let rep = 1; rep <= options.reps; rep += 1) {
    for (const server of options.servers) {
      progress(`idle ${rep}/${options.reps}: ${server}, ${options.idle} clients`);
      try {
        const result = await measureIdleMemory(server, options.idle);
        results.push(result);
        emit({ ...result, rep });
      } catch (error) {
        emit({ kind: 'idle', server, rep, error: String(error) });
      }
    }
  }
  return results;
}

/** Resume cost on the itmchat servers selected; each case is repeated inside. */
export async function runResume(options: RunOptions, emit: Emit): Promise<ResumeResult[]> {
  if (!options.resume) return [];
  const stores = options.servers.filter((s): s is ResumeStore => s === 'itmchat-memory' || s === 'itmchat-sqlite');
  const plan = resumePlan(options.quick);
  const results: ResumeResult[] = [];
  for (const store of stores) {
    for (const { historyLimit, cases } of plan.servers) {
      progress(`resume: ${store}, --history ${historyLimit}`);
      try {
        for (const result of await measureResume(store, historyLimit, cases, plan.reps)) {
          results.push(result);
          emit(result);
        }
      } catch (error) {
        emit({ kind: 'resume', server: store, historyLimit, error: String(error) });
      }
    }
  }
  return results;
}

/** Progress goes to stderr, so stdout holds only the JSON lines and the tables. */
export function progress(line: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}
