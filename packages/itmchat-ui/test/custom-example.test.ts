import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import type { UiCallbacks } from '../src/types.js';

const SCRIPT = readFileSync(new URL('../../../examples/custom.js', import.meta.url), 'utf8');

/** Runs examples/custom.js on a hidden page with a counting AudioContext; returns the callbacks it mounts with. */
function loadExample() {
  const audio = { contexts: 0, tones: 0 };
  let callbacks: Partial<UiCallbacks> = {};
  class CountingAudioContext {
    readonly currentTime = 0;
    readonly destination = {};
    constructor() {
      audio.contexts++;
    }
    createOscillator() {
      return { connect() {}, start: () => audio.tones++, stop() {} };
    }
  }
  runInNewContext(SCRIPT, {
    itmchat: { mount: (_target: string, options: { callbacks: Partial<UiCallbacks> }) => (callbacks = options.callbacks) },
    document: { visibilityState: 'hidden' },
    AudioContext: CountingAudioContext,
  });
  return { audio, callbacks };
}

describe('examples/custom.js', () => {
  it('beeps for every line from others on a hidden page, through one AudioContext', () => {
    const { audio, callbacks } = loadExample();
    const onMessage = callbacks.onMessage as (message: unknown, ctx: { own: boolean }) => void;
    onMessage({ seq: 1, at: 0, nick: 'bob', text: 'hi' }, { own: false });
    onMessage({ seq: 2, at: 0, nick: 'bob', text: 'again' }, { own: false });
    onMessage({ seq: 3, at: 0, nick: 'ana', text: 'mine' }, { own: true });
    expect(audio).to.deep.equal({ contexts: 1, tones: 2 });
  });
});
