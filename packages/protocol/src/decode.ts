import { ErrorCode } from './codes.js';
import type { ClientFrame, ErrorFrame, PushFrame, ServerApi, ServerMethod } from './frames.js';
import { callId, errorBody, optionalCallId, paramSchemas, peekCallId, pushSchema, resultSchemas } from './frame-schemas.js';
import { SchemaError, isPlainObject } from './schema.js';

/** A reply whose `result` is still unchecked: only the caller knows which method it answers (see `decodeResult`). */
export interface RawResultFrame {
  readonly type: 'result';
  readonly id: number;
  readonly result: unknown;
}
export type DecodedServerFrame = RawResultFrame | ErrorFrame | PushFrame;

export interface DecodeError {
  readonly code: typeof ErrorCode.BadFrame;
  readonly message: string;
  /** The call id, when the frame got far enough to show a valid one, so the error can answer that call. */
  readonly id: number | null;
}

export type Decoded<T> = { readonly ok: true; readonly frame: T } | { readonly ok: false; readonly error: DecodeError };

/**
 * Parses and validates one frame of untrusted text. Never throws: garbage of any shape
 * comes back as `{ ok: false }` with a message naming the bad field.
 */
export function decode(text: unknown, from: 'client'): Decoded<ClientFrame>;
export function decode(text: unknown, from: 'server'): Decoded<DecodedServerFrame>;
export function decode(text: unknown, from: 'client' | 'server'): Decoded<ClientFrame | DecodedServerFrame> {
  if (typeof text !== 'string') return failure('frame must be JSON text', null);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return failure('frame is not valid JSON', null);
  }
  if (!isPlainObject(value)) return failure('frame must be a JSON object', null);
  try {
    return { ok: true, frame: from === 'client' ? clientFrame(value) : serverFrame(value) };
  } catch (error) {
    // Only a broken frame needs its id looked at on its own (for the error reply).
    return failure(error instanceof SchemaError ? error.message : 'frame could not be decoded', peekCallId(value));
  }
}

/** Checks a reply's `result` against the method of the call it answers. */
export function decodeResult<M extends ServerMethod>(method: M, result: unknown): Decoded<ServerApi[M]['result']> {
  try {
    return { ok: true, frame: resultSchemas[method].parse(result, 'result') };
  } catch (error) {
    return failure(error instanceof SchemaError ? error.message : 'result could not be decoded', null);
  }
}

function clientFrame(value: Record<string, unknown>): ClientFrame {
  if (value.type !== 'call') throw new SchemaError('type', 'must be "call"');
  const id = callId.parse(value.id, 'id');
  const method = value.method;
  if (typeof method !== 'string' || !Object.hasOwn(paramSchemas, method)) {
    throw new SchemaError('method', `must be one of ${Object.keys(paramSchemas).join(', ')}`);
  }
  const params = paramSchemas[method as ServerMethod].parse(value.params ?? {}, 'params');
  return { type: 'call', id, method, params } as ClientFrame;
}

function serverFrame(value: Record<string, unknown>): DecodedServerFrame {
  switch (value.type) {
    case 'result':
      return { type: 'result', id: callId.parse(value.id, 'id'), result: value.result };
    case 'error':
      return { type: 'error', id: optionalCallId.parse(value.id ?? null, 'id'), error: errorBody.parse(value.error, 'error') };
    case 'push': {
      const push = pushSchema.parse(value, '');
      return { type: 'push', method: push.method, params: push.params } as PushFrame;
    }
    default:
      throw new SchemaError('type', 'must be "result", "error" or "push"');
  }
}

function failure(message: string, id: number | null): { ok: false; error: DecodeError } {
  return { ok: false, error: { code: ErrorCode.BadFrame, message, id } };
}
