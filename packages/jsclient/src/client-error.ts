import type { BridgeError } from '@itmchat/protocol';

/** A call the chat refused or could not finish; `code` is a server `ErrorCode` or a `BridgeErrorCode`. */
export class ChatClientError extends Error implements BridgeError {
  override readonly name = 'ChatClientError';
  constructor(
    readonly code: BridgeError['code'],
    message: string,
  ) {
    super(message);
  }
}
