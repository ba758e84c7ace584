import { readFileSync } from 'node:fs';

/** This process's soft limit on open files (`ulimit -n`), which children inherit; Infinity if unknown. */
export function openFilesLimit(): number {
  try {
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return !match || match[1] === 'unlimited' ? Infinity : Number(match[1]);
  } catch {
    return Infinity;
  }
}

/** Descriptors a process needs besides its sockets (stdio, epoll, pipes, libuv, modules). */
export const SPARE_FILES = 200;
