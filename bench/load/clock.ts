/**
 * The one clock of the generator: senders stamp lines with it and receivers read it, in the same
 * process. performance.now() is monotonic with sub-millisecond resolution (unlike Date.now()).
 */
export const now = (): number => performance.now();
