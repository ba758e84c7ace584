/** The servers under test, in the order tables list them. */
export const SERVER_NAMES = ['bare-ws', 'socketio', 'itmchat-memory', 'itmchat-sqlite'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** The wire protocol a server speaks, which picks the client adapter. */
export type ClientKind = 'bare-ws' | 'socketio' | 'itmchat';

export function clientKindOf(server: ServerName): ClientKind {
  return server === 'itmchat-memory' || server === 'itmchat-sqlite' ? 'itmchat' : server;
}
