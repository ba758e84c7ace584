/** The wire protocol's version. Bump it on any change a v1 peer could not understand. */
export const PROTOCOL_VERSION = 1;

/**
 * Additions within one protocol version, numbered by release: 3 is 0.3 (private lines, -nick,
 * -topic, -away). A client says the release it reads (`identify`/`resume` `release`); the server
 * sends what a later release added only to a client that reads it (see docs/protocol.md § Versioning).
 */
export const PROTOCOL_RELEASE = 3;

/** Negotiated as the WebSocket subprotocol; a peer offering no supported one is closed with `CloseCode.UnsupportedProtocol`. */
export const SUBPROTOCOL = `itmchat.v${PROTOCOL_VERSION}`;

/** The HTTP path the chat's WebSocket is served at, unless an embedding server chooses another. */
export const WS_PATH = '/ws';

/** The place a visitor enters when nothing names one: the server's default and the embed's. */
export const DEFAULT_PLACE = 'lobby';
