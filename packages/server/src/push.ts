import { encode, type ChatMessage, type ClientApi, type ClientMethod, type PushFrame } from '@itmchat/protocol';

/** One push frame as JSON text. */
export function encodePush<M extends ClientMethod>(method: M, params: ClientApi[M]): string {
  const frame: PushFrame<M> = { type: 'push', method, params };
  return encode(frame);
}

/**
 * `messages` as `userSay` (or `history`) pushes of at most `maxBytes` each (UTF-8), in order; a
 * message larger than that alone is one push. Each message is encoded once: the frame's own text
 * is spliced around them (`messages` is its last field).
 */
export function* encodeMessagePieces(
  method: 'userSay' | 'history',
  place: string,
  epoch: string,
  messages: readonly ChatMessage[],
  maxBytes: number,
): Generator<string> {
  const empty = encodePush(method, { place, epoch, messages: [] });
  const head = empty.slice(0, -3); // up to and including "messages":[
  const tail = empty.slice(-2); // the }} after the list
  const frameBytes = Buffer.byteLength(empty);
  let parts: string[] = [];
  let bytes = frameBytes;
  for (const message of messages) {
    const part = JSON.stringify(message);
    const partBytes = Buffer.byteLength(part) + 1; // and its comma
    if (parts.length > 0 && bytes + partBytes > maxBytes) {
      yield `${head}${parts.join(',')}]${tail}`;
      parts = [];
      bytes = frameBytes;
    }
    parts.push(part);
    bytes += partBytes;
  }
  if (parts.length > 0) yield `${head}${parts.join(',')}]${tail}`;
}

/** Frame data as a peer sends it: text, or text already turned into bytes once for many recipients. */
export type FrameData = string | Buffer;
