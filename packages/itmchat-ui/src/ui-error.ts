import type { UiError } from './types.js';

/**
 * Reads a rejection as `{ code, message }`. The client rejects with errors carrying both; anything
 * else (a bug, a thrown string) is shown rather than lost.
 */
export function toUiError(reason: unknown): UiError {
  if (typeof reason === 'object' && reason !== null) {
    const { code, message } = reason as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : 'UNKNOWN',
      message: typeof message === 'string' && message !== '' ? message : 'something went wrong',
    };
  }
  return { code: 'UNKNOWN', message: typeof reason === 'string' && reason !== '' ? reason : 'something went wrong' };
}
