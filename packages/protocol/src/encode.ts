import type { ClientFrame, ServerFrame } from './frames.js';

/** Frames are plain JSON text. One function, so a future binary or compressed form changes one place. */
export function encode(frame: ClientFrame | ServerFrame): string {
  return JSON.stringify(frame);
}
