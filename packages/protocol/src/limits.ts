/** Limits every peer agrees on. Server-configurable limits are announced in the `hello` push instead. */

/** Nicks and place names: 1 to 24 characters. */
export const NAME_MAX_LENGTH = 24;

/** A client-chosen message id (`cid`): 1 to 64 characters. */
export const CID_MAX_LENGTH = 64;

/** Session tokens are opaque; anything longer than this is not one of ours. */
export const TOKEN_MAX_LENGTH = 128;

/** A command line, including the prefix. */
export const COMMAND_MAX_LENGTH = 200;

/** Hard ceiling on say text the decoder accepts; the server's own limit (default 2,000) is at most this. */
export const TEXT_HARD_MAX_LENGTH = 16_000;

/** Positions a client may send at once in `since`. */
export const SINCE_MAX_PLACES = 64;

/** Call ids are positive safe integers chosen by the client. */
export const CALL_ID_MAX = Number.MAX_SAFE_INTEGER;
