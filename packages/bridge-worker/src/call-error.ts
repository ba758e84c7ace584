import type { BridgeError } from '@itmchat/protocol';

/** A refused or failed call, with the typed code that crosses the bridge to the page. */
export class CallError extends Error implements BridgeError {
  override readonly name = 'CallError';
  constructor(
    readonly code: BridgeError['code'],
    message: string,
  ) {
    super(message);
  }
}

/** The code of a refusal, or null when the error was something else (a bug). */
export function refusalOf(error: unknown): BridgeError | null {
  return error instanceof CallError ? { code: error.code, message: error.message } : null;
}
