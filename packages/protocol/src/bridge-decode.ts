import { BRIDGE_VERSION, pageCall, type BridgeApi, type BridgeMethod, type PageCall, type PageMessage } from './bridge.js';
import { empty, peekCallId } from './frame-schemas.js';
import { COMMAND_MAX_LENGTH, TEXT_HARD_MAX_LENGTH } from './limits.js';
import { SchemaError, boolean, integer, isPlainObject, literal, object, optional, string, type Schema } from './schema.js';

export type BridgeDecoded<T> =
  | { readonly ok: true; readonly message: T }
  | { readonly ok: false; readonly message: string; readonly id: number | null; readonly versionMismatch: boolean };

const bridgeParams: { [M in BridgeMethod]: Schema<BridgeApi[M]['params']> } = {
  join: object({ nick: string({ min: 1, max: 200 }) }),
  say: object({ text: string({ max: TEXT_HARD_MAX_LENGTH }) }),
  command: object({ line: string({ min: 1, max: COMMAND_MAX_LENGTH }) }),
  leave: { parse: (value, path) => empty.parse(value ?? {}, path) },
  older: object({ place: string({ min: 1, max: 200 }), before: integer(1, Number.MAX_SAFE_INTEGER) }),
  typing: object({ to: optional(string({ min: 1, max: 200 })) }),
};

const pageShapes = {
  hello: object({
    serverUrl: string({ min: 1, max: 2_000 }),
    place: string({ min: 1, max: 200 }),
    debug: boolean,
    idleCloseMs: optional(integer(0, 24 * 60 * 60 * 1000)),
    visible: optional(boolean),
  }),
  call: object({ id: integer(1, Number.MAX_SAFE_INTEGER), method: literal('join', 'say', 'command', 'leave', 'older', 'typing') }),
  ping: object({ visible: optional(boolean) }),
  bye: object({}),
};

/**
 * Checks a message a page posted to the worker (a structured-cloned value, not text).
 * The worker is shared by every tab: one broken or outdated page must not upset it.
 */
export function decodePageMessage(value: unknown): BridgeDecoded<PageMessage> {
  if (!isPlainObject(value)) return failure('message must be an object', null);
  const id = peekCallId(value);
  if (value.v !== BRIDGE_VERSION) {
    return { ok: false, message: `page speaks bridge version ${String(value.v)}, worker ${BRIDGE_VERSION}`, id, versionMismatch: true };
  }
  const kind = value.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(pageShapes, kind)) return failure('kind must be hello, call, ping or bye', id);
  try {
    const fields = pageShapes[kind as keyof typeof pageShapes].parse(value, '') as Record<string, unknown>;
    if (kind !== 'call') return { ok: true, message: { v: BRIDGE_VERSION, kind, ...fields } as PageMessage };
    return { ok: true, message: decodeCall(fields.method as BridgeMethod, fields.id as number, value.params) };
  } catch (error) {
    return failure(error instanceof SchemaError ? error.message : 'message could not be decoded', id);
  }
}

/** A call of `method`, its params checked by that method's schema (throws SchemaError). */
function decodeCall<M extends BridgeMethod>(method: M, id: number, params: unknown): PageCall {
  return pageCall(id, method, bridgeParams[method].parse(params ?? {}, 'params'));
}

function failure(message: string, id: number | null): BridgeDecoded<never> {
  return { ok: false, message, id, versionMismatch: false };
}
