import type { CallFrame, ClientMethod, ErrorFrame, PushFrame, ResultFrame, ServerMethod } from './frames.js';

/**
 * Frames are plain JSON text. One function, so a future binary or compressed form changes one
 * place. Generic in the frame's method, so a caller that holds one method's frame needs no cast.
 */
export function encode<C extends ServerMethod, R extends ServerMethod, P extends ClientMethod>(
  frame: CallFrame<C> | ResultFrame<R> | ErrorFrame | PushFrame<P>,
): string {
  return JSON.stringify(frame);
}
