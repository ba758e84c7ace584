import { encode, type ClientApi, type ClientMethod } from '@itmchat/protocol';

/** One push frame as JSON text. */
export function encodePush<M extends ClientMethod>(method: M, params: ClientApi[M]): string {
  return encode({ type: 'push', method, params } as never);
}

/** Frame data as a peer sends it: text, or text already turned into bytes once for many recipients. */
export type FrameData = string | Buffer;
