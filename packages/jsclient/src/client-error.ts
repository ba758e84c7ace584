import { CallError } from '@itmchat/protocol';

/**
 * A call the chat refused or could not finish; `code` is a server `ErrorCode` or a
 * `BridgeErrorCode`. The protocol's one `CallError`, under the name this package has always exported.
 */
export const ChatClientError = CallError;
export type ChatClientError = CallError;
