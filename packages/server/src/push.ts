import { encode, type ClientApi, type ClientMethod, type PushFrame } from '@itmchat/protocol';

/** One push frame as JSON text. */
export function encodePush<M extends ClientMethod>(method: M, params: ClientApi[M]): string {
  const frame: PushFrame<M> = { type: 'push', method, params };
  return encode(frame);
}

/** Frame data as a peer sends it: text, or text already turned into bytes once for many recipients. */
export type FrameData = string | Buffer;
