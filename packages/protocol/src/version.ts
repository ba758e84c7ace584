/** The wire protocol's version. Bump it on any change a v1 peer could not understand. */
export const PROTOCOL_VERSION = 1;

/** Negotiated as the WebSocket subprotocol; a peer offering no supported one is closed with `CloseCode.UnsupportedProtocol`. */
export const SUBPROTOCOL = `itmchat.v${PROTOCOL_VERSION}`;
