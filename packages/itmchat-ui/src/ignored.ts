/** Whether `nick` is among the nicks this browser ignores (-ignore), whatever the case. */
export function isIgnoredBy(ignored: readonly string[], nick: string): boolean {
  const key = nick.normalize('NFKC').toLowerCase();
  return ignored.some((n) => n.normalize('NFKC').toLowerCase() === key);
}
