import type { ErrorCode } from '@itmchat/protocol';

/** A refusal the caller should see: becomes an `error` reply with this code. */
export class ChatError extends Error {
  override readonly name = 'ChatError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
