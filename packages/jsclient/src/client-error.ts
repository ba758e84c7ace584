import { CallError } from '@itmchat/protocol';

/**
 * A call the chat refused or could not finish; `code` is a server `ErrorCode` or a
 * `BridgeErrorCode`. The protocol's one `CallError`, exported under this package's old name
 * (`instanceof ChatClientError` still holds; `error.name` is now 'CallError').
 */
export const ChatClientError = CallError;
export type ChatClientError = CallError;
