/** Limits every peer agrees on. Server-configurable limits are announced in the `hello` push instead. */

/** Nicks and place names: 1 to 24 characters. */
export const NAME_MAX_LENGTH = 24;

/**
 * A name field on the wire: at most this many UTF-16 code units. 4 per character covers any
 * usual NFC spelling of 24 characters; a valid name never has more (see `checkName`).
 */
export const NAME_MAX_UNITS = NAME_MAX_LENGTH * 4;

/** A client-chosen message id (`cid`): 1 to 64 characters. */
export const CID_MAX_LENGTH = 64;
/** A client's author key (identify/resume `author`): long enough to be unguessable, short enough to store with each message. */
export const AUTHOR_MIN_LENGTH = 16;
export const AUTHOR_MAX_LENGTH = 64;

/** Session tokens are opaque; anything longer than this is not one of ours. */
export const TOKEN_MAX_LENGTH = 128;
/** (Since 0.4.) Longest identity token (a JWT the host site signs) a client may send. */
export const IDENTITY_MAX_LENGTH = 4096;

/** A command line, including the prefix. */
export const COMMAND_MAX_LENGTH = 200;

/** Hard ceiling on say text the decoder accepts; the server's own limit (default 2,000) is at most this. */
export const TEXT_HARD_MAX_LENGTH = 16_000;

/** Positions a client may send at once in `since`. */
export const SINCE_MAX_PLACES = 64;

/** Messages one `history` call returns at most (since 0.2). */
export const HISTORY_PAGE_MAX = 100;

/** (Since 0.3.) A client sends `typing` at most this often while the visitor types; the server passes on no more. */
export const TYPING_EVERY_MS = 3_000;
/** (Since 0.3.) "bob is typing…" is shown this long after the last `userTyping`, unless a line of theirs comes first. */
export const TYPING_SHOWN_MS = 6_000;

/** Call ids are positive safe integers chosen by the client. */
export const CALL_ID_MAX = Number.MAX_SAFE_INTEGER;
