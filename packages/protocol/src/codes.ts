/**
 * Error codes carried by `error` replies. Stable strings: clients branch on them.
 * Each comment says when the server sends it.
 */
export const ErrorCode = {
  /** The frame is not JSON, not an object, or has an unknown `type`/`method` or ill-typed fields. */
  BadFrame: 'BAD_FRAME',
  /** A call that needs a joined visitor (say, command, goto, leave) came before identify/resume. */
  NotJoined: 'NOT_JOINED',
  /** identify/resume on a connection whose visitor is already joined. */
  AlreadyJoined: 'ALREADY_JOINED',
  /** The nick breaks the naming rules (see `checkName`). */
  InvalidNick: 'INVALID_NICK',
  /** Someone else holds the nick (online, or inside their reconnect grace period). */
  NickTaken: 'NICK_TAKEN',
  /** The place name breaks the naming rules. */
  InvalidPlace: 'INVALID_PLACE',
  /** resume with a token the server does not know (expired, from before a restart, or never issued). */
  UnknownSession: 'UNKNOWN_SESSION',
  /** say with nothing but white space. */
  EmptyText: 'EMPTY_TEXT',
  /** say longer than the server's limit (announced in `hello`). */
  TextTooLong: 'TEXT_TOO_LONG',
  /** command line naming no known command. */
  UnknownCommand: 'UNKNOWN_COMMAND',
  /** A known command with wrong arguments; the message gives the usage. */
  CommandUsage: 'COMMAND_USAGE',
  /** The store could not take the message; nothing was acknowledged. Retry with the same cid. */
  StoreUnavailable: 'STORE_UNAVAILABLE',
  /** The server is shutting down and takes no new calls. */
  ShuttingDown: 'SHUTTING_DOWN',
  /**
   * Slow down: a say or command over this connection's rate limit (a token bucket, see
   * docs/protocol.md § Limits). Nothing was stored or broadcast; retry later with the same cid.
   * Keep being refused and the connection is closed with 4004.
   */
  RateLimited: 'RATE_LIMITED',
  /** identify or goto into a place that does not exist yet, while this server already holds as many places as it allows. */
  TooManyPlaces: 'TOO_MANY_PLACES',
  /** (Since 0.3.) A private line to a nick nobody holds now (on any node, grace periods included). */
  NotHere: 'NOT_HERE',
  /** (Since 0.4.) identify or resume with an `identity` token that does not verify (signature, audience, claims); the message says which check. */
  IdentityInvalid: 'IDENTITY_INVALID',
  /** (Since 0.4.) The `identity` token has expired: get a fresh one from the site and try again. */
  IdentityExpired: 'IDENTITY_EXPIRED',
  /** (Since 0.4.) This server takes signed visitors only (`anonymous: deny`), and the call had no `identity`. */
  IdentityRequired: 'IDENTITY_REQUIRED',
  /** A bug on the server; the frame had no effect. */
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** WebSocket close codes the server uses. 1xxx are RFC 6455's; 4xxx are itmchat's. */
export const CloseCode = {
  /** A normal close, by the client (the server keeps the socket open after `leave`). */
  Normal: 1000,
  /**
   * The server is shutting down or restarting: reconnect with backoff, then resume (sessions
   * survive a restart with SQLite or Redis) — or identify again with `since` when resume says UNKNOWN_SESSION.
   */
  GoingAway: 1001,
  /** A binary frame: the protocol is JSON text only. */
  UnsupportedData: 1003,
  /** A frame larger than the server's maxPayload. */
  MessageTooBig: 1009,
  /** The server could not read the history it owed this client: reconnect and resume, nothing is lost. */
  InternalError: 1011,
  /** The client offered no subprotocol this server speaks (see `SUBPROTOCOL`). Do not retry with the same build. */
  UnsupportedProtocol: 4001,
  /** Too many malformed frames on one connection: a broken or hostile client. */
  ProtocolAbuse: 4002,
  /** The same session was resumed on another connection; this one is stale. Do not reconnect automatically. */
  SessionReplaced: 4003,
  /** Too many calls refused with RATE_LIMITED in a short time: a flooding client. Reconnect only after a pause. */
  RateLimitAbuse: 4004,
  /**
   * The client read too slowly: more bytes waited for it than the server buffers per socket.
   * Reconnect and resume: nothing is lost. (When even the close frame cannot get through, the
   * client sees the TCP connection drop, 1006, instead.)
   */
  SlowReader: 4005,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
