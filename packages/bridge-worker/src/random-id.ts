/**
 * 128 random bits as 32 hex digits, for line ids and tab ids. Not `crypto.randomUUID()`: browsers
 * give that only to secure contexts (https, localhost), and a site on plain http embeds the chat
 * too; `getRandomValues` is everywhere.
 */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
