/**
 * Fails the run when a test leaves something behind: a pending timer, an open handle (server,
 * socket, child process, file watcher) or a process it started. Loaded by mocha (`require` in
 * .mocharc.json) before any spec file, it runs as the root suite's last `after` hook, so what it
 * finds is reported as a failure of the run, with what was left and where it was created.
 *
 * Without it a leak hides: a timer from one test fires inside whichever test runs minutes later,
 * and the process lingers (or is force-exited) at the end. A failed check ends the process
 * shortly after mocha's summary, so a leak never hangs the run.
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';

/** How long resources may take to go after the last test (sockets closing, children exiting). */
const DRAIN_MS = 10_000;
const POLL_MS = 100;
/** After a failed check, mocha has this long to print its summary before the process ends. */
const EXIT_AFTER_MS = 1_000;
/** Every process a test starts inherits this variable, so one left running is found even when orphaned. */
const RUN_MARK = 'ITMCHAT_TEST_RUN';
const runId = `${process.pid}-${Date.now()}`;
process.env[RUN_MARK] = runId;

interface TrackedTimer {
  readonly timer: NodeJS.Timeout;
  readonly where: Error;
  readonly ms: number;
  readonly repeats: boolean;
}

/** Node's Timeout marks itself destroyed once it has fired (not repeating) or been cleared. */
const isPending = (timer: NodeJS.Timeout): boolean => !(timer as unknown as { _destroyed: boolean })._destroyed;

/** The check's own timers, taken before tracking replaces them. */
const { setTimeout: untrackedTimeout, setInterval: untrackedInterval } = timers;
const tracked = new Set<TrackedTimer>();
let sincePrune = 0;

function track(timer: NodeJS.Timeout, ms: number | undefined, repeats: boolean): NodeJS.Timeout {
  // An Error's stack is only formatted when read: cheap to take for every timer.
  tracked.add({ timer, where: new Error('created'), ms: ms ?? 0, repeats });
  if (++sincePrune >= 10_000) {
    sincePrune = 0;
    for (const entry of tracked) if (!isPending(entry.timer)) tracked.delete(entry);
  }
  return timer;
}

/** Records where each timer was created: setTimeout and setInterval, global and from node:timers. */
function installTimerTracking(): void {
  const trackedTimeout = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    track(untrackedTimeout(callback, ms, ...args), ms, false)) as typeof setTimeout;
  const trackedInterval = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    track(untrackedInterval(callback, ms, ...args), ms, true)) as typeof setInterval;
  // util.promisify(setTimeout) keeps working.
  Object.assign(trackedTimeout, {
    [Symbol.for('nodejs.util.promisify.custom')]: (untrackedTimeout as unknown as Record<symbol, unknown>)[
      Symbol.for('nodejs.util.promisify.custom')
    ],
  });
  globalThis.setTimeout = trackedTimeout;
  globalThis.setInterval = trackedInterval;
  timers.setTimeout = trackedTimeout;
  timers.setInterval = trackedInterval;
  syncBuiltinESMExports();
}

/** The caller frames of a tracked timer, without this file's own. */
function origin(where: Error): string {
  const frames = (where.stack ?? '')
    .split('\n')
    .slice(1)
    .filter((line) => !line.includes('leak-check'));
  return frames.slice(0, 6).join('\n');
}

function describeTimer({ timer, ms, repeats, where }: TrackedTimer): string {
  const callback = (timer as unknown as { _onTimeout?: { name?: string } })._onTimeout;
  const name = callback?.name ? ` ${callback.name}()` : '';
  return `${repeats ? 'setInterval' : 'setTimeout'}(${ms} ms)${name}${timer.hasRef() ? '' : ' (unref)'}, created\n${origin(where)}`;
}

const stdio = new Set<unknown>([process.stdin, process.stdout, process.stderr]);

/** Open handles other than stdio, each described by what it is connected to. */
function openHandles(): string[] {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
  // A child's stdio pipes are Sockets with no address: name them after their process.
  const pipes = new Map<unknown, string>();
  for (const handle of handles) {
    const child = handle as Partial<ChildProcess>;
    if (typeof child.pid === 'number' && child.stdio)
      child.stdio.forEach((pipe, fd) => pipe && pipes.set(pipe, `fd ${fd} of pid ${child.pid}`));
  }
  return handles.filter((handle) => !stdio.has(handle)).map((handle) => describeHandle(handle, pipes.get(handle)));
}

function describeHandle(handle: object, pipe: string | undefined): string {
  const any = handle as Record<string, unknown> & { address?: () => unknown };
  const kind = handle.constructor?.name ?? typeof handle;
  if (pipe) return `${kind} (pipe, ${pipe})`;
  if (typeof any['pid'] === 'number' && Array.isArray(any['spawnargs']))
    return `${kind} pid ${any['pid']}: ${(any['spawnargs'] as string[]).join(' ')}`;
  if (kind === 'Server' && typeof any.address === 'function') return `${kind} listening on ${JSON.stringify(any.address())}`;
  if (kind === 'Socket' && typeof any['remotePort'] === 'number')
    return `${kind} ${String(any['localAddress'])}:${String(any['localPort'])} → ${String(any['remoteAddress'])}:${String(any['remotePort'])}`;
  return kind;
}

/** Processes started during the run (they carry its mark) that are still alive, this one aside. */
function runProcesses(): { pid: number; command: string }[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
  } catch {
    return []; // no /proc: not Linux
  }
  const found: { pid: number; command: string }[] = [];
  for (const pid of pids) {
    try {
      const [, state, parent] = /^\d+ \(.*\) (\S) (\d+)/s.exec(readFileSync(`/proc/${pid}/stat`, 'latin1')) ?? [];
      if (state === 'Z') continue; // exited, not yet reaped
      // Some programs (redis-server) write their title over the environment: a child of ours is ours too.
      const marked = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${RUN_MARK}=${runId}`);
      if (!marked && Number(parent) !== process.pid) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
      if (Number(parent) === process.pid && isEsbuildService(command)) continue;
      found.push({ pid: Number(pid), command });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * esbuild's helper process, which tsx (and esbuild's own API) keep for this process's whole life:
 * it reads its stdin from us, so it ends when we do.
 */
const isEsbuildService = (command: string): boolean => /\/esbuild --service=/.test(command);

function leftovers(): { lines: string[]; pids: number[] } {
  const pendingTimers = [...tracked].filter((entry) => isPending(entry.timer));
  const processes = runProcesses();
  const lines = [
    ...pendingTimers.map((entry) => `timer: ${describeTimer(entry)}`),
    ...openHandles().map((handle) => `handle: ${handle}`),
    ...processes.map(({ pid, command }) => `process ${pid}: ${command}`),
  ];
  return { lines, pids: processes.map(({ pid }) => pid) };
}

installTimerTracking();

/** Teardowns of what lives for the whole run (the shared redis-server), run just before the check. */
const runTeardowns: (() => Promise<void> | void)[] = [];

/** Registers `teardown` for the end of the run, for a resource several spec files share. */
export function afterRun(teardown: () => Promise<void> | void): void {
  runTeardowns.push(teardown);
}

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(DRAIN_MS + 30_000);
    for (const teardown of runTeardowns.splice(0)) await teardown();
    const deadline = Date.now() + DRAIN_MS;
    let left = leftovers();
    while (left.lines.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => untrackedTimeout(resolve, POLL_MS));
      left = leftovers();
    }
    if (left.lines.length === 0) return;
    for (const pid of left.pids) {
      try {
        process.kill(pid, 'SIGKILL'); // nothing a test started may outlive the run
      } catch {
        // already gone
      }
    }
    // The leaked timers and handles would keep the process alive: end it once mocha has reported.
    untrackedTimeout(() => process.exit(), EXIT_AFTER_MS).unref();
    throw new Error(
      `the tests left ${left.lines.length} thing(s) behind ${DRAIN_MS / 1000} s after the last one ended:\n- ${left.lines.join('\n- ')}`,
    );
  },
};
