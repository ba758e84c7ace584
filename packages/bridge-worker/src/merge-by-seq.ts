/**
 * Merges `incoming` messages into `held` ones (in number order), keeping the first copy of each
 * number: a message can arrive twice (the reply to our own say and a backlog). Returns the
 * merged list and the new messages, both in number order. The common case, newer messages in
 * order, skips the Set and the sort. Pure: shared by the worker's place log and the page's snapshot.
 */
export function mergeBySeq<T extends { readonly seq: number }>(held: readonly T[], incoming: readonly T[]): { merged: T[]; fresh: T[] } {
  const last = held.at(-1)?.seq ?? -Infinity;
  if (incoming.every((m, i) => m.seq > (i === 0 ? last : incoming[i - 1]!.seq))) {
    return { merged: [...held, ...incoming], fresh: [...incoming] };
  }
  const seen = new Set(held.map((m) => m.seq));
  const bySeq = (a: T, b: T) => a.seq - b.seq;
  const fresh = incoming.filter((m) => !seen.has(m.seq) && (seen.add(m.seq), true)).sort(bySeq);
  return { merged: [...held, ...fresh].sort(bySeq), fresh };
}
