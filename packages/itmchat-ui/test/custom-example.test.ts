import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import type { UiCallbacks } from '../src/types.js';

const SCRIPT = readFileSync(new URL('../../../examples/custom.js', import.meta.url), 'utf8');

/** Runs examples/custom.js on a hidden page with a counting AudioContext; returns the callbacks it mounts with. */
function loadExample() {
  const audio = { contexts: 0, tones: 0 };
  let callbacks: Partial<UiCallbacks> = {};
  let alerts: unknown = null;
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
    itmchat: {
      mount: (_target: string, options: { callbacks: Partial<UiCallbacks>; alerts: unknown }) => {
        callbacks = options.callbacks;
        alerts = options.alerts;
      },
    },
    document: { visibilityState: 'hidden' },
    AudioContext: CountingAudioContext,
  });
  return { audio, callbacks, alerts: () => alerts };
}

describe('examples/custom.js', () => {
  it('offers a sound alert, and beeps for each alert the worker sends this tab, through one AudioContext', () => {
    const { audio, callbacks, alerts } = loadExample();
    expect(alerts()).to.deep.equal({ sound: true });
    const onAlert = callbacks.onAlert as (message: unknown) => void;
    onAlert({ seq: 1, at: 0, nick: 'bob', text: 'hi' });
    onAlert({ seq: 2, at: 0, nick: 'bob', text: 'again' });
    expect(audio).to.deep.equal({ contexts: 1, tones: 2 });
    expect(callbacks.onMessage, 'no per-tab beeps any more').to.equal(undefined);
  });
});
