/** The wire protocol's version. Bump it on any change a v1 peer could not understand. */
export const PROTOCOL_VERSION = 1;

/** Negotiated as the WebSocket subprotocol; a peer offering no supported one is closed with `CloseCode.UnsupportedProtocol`. */
export const SUBPROTOCOL = `itmchat.v${PROTOCOL_VERSION}`;

/** The HTTP path the chat's WebSocket is served at, unless an embedding server chooses another. */
export const WS_PATH = '/ws';

/** The place a visitor enters when nothing names one: the server's default and the embed's. */
export const DEFAULT_PLACE = 'lobby';
