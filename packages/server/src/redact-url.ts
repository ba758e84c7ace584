/** A URL safe to print or log: its password, if any, replaced with `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Not a URL at all: it may still hold a secret, so none of it is shown.
    return '(unparsable URL)';
  }
}
