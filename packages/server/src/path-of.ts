/** A request's path, without its query string. */
export function pathOf(url: string | undefined): string {
  return (url ?? '/').split('?')[0]!;
}
