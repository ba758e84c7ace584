import { setText } from './dom.js';
import { fill, type UiStrings } from './strings.js';
import type { AlertContext, AlertOptions } from './types.js';

/** The visitor's choice, for every tab of the site (localStorage is shared by them). */
const CHOICE_KEY = 'itmchat:alerts';

/** Whether the options allow any alert at all (else the switch stays hidden). */
export function alertsAllowed(options: AlertOptions | undefined): options is AlertOptions {
  return Boolean(options?.sound) || Boolean(options?.desktop);
}

/**
 * The "Alerts on/off" switch (a toggle button, aria-pressed). Off until the visitor turns it on;
 * turning it on asks for the desktop-notification permission when the options want one.
 */
export class AlertSwitch {
  readonly #onClick = (): void => this.#set(!this.on);

  constructor(
    readonly button: HTMLButtonElement,
    readonly options: AlertOptions,
    readonly strings: UiStrings,
    readonly storage: Storage | null,
  ) {
    button.hidden = false;
    button.addEventListener('click', this.#onClick);
    this.#draw();
  }

  get on(): boolean {
    try {
      return this.storage?.getItem(CHOICE_KEY) === 'on';
    } catch {
      return false;
    }
  }

  stop(): void {
    this.button.removeEventListener('click', this.#onClick);
  }

  #set(on: boolean): void {
    try {
      this.storage?.setItem(CHOICE_KEY, on ? 'on' : 'off');
    } catch {
      // Not kept: storage refused.
    }
    const notifications = this.button.ownerDocument.defaultView?.Notification;
    if (on && this.options.desktop && notifications?.permission === 'default') void notifications.requestPermission();
    this.#draw();
  }

  #draw(): void {
    const on = this.on;
    this.button.setAttribute('aria-pressed', String(on));
    setText(this.button, on ? this.strings.alertsOn : this.strings.alertsOff);
  }
}

/** One AudioContext per page for every tone: browsers cap how many a page may hold open. */
let audio: AudioContext | null = null;

/**
 * Default `onAlert`: the tone (or the sound file the options name) and a desktop notification
 * ("ana in lobby", the line as its body) when the visitor allowed them. One per browser: the
 * worker sends the alert to one tab only.
 */
export function defaultOnAlert(message: { readonly nick: string; readonly text: string }, ctx: AlertContext): void {
  const view = ctx.document.defaultView;
  if (!view) return;
  if (ctx.alerts.sound) playSound(view, ctx.alerts.sound);
  const notifications = view.Notification;
  if (ctx.alerts.desktop && notifications?.permission === 'granted') {
    const shown = new notifications(fill(ctx.strings.alertTitle, { nick: message.nick, place: ctx.place }), {
      body: message.text,
      tag: 'itmchat',
    });
    shown.onclick = () => view.focus();
  }
}

function playSound(view: Window & typeof globalThis, sound: true | string): void {
  try {
    if (typeof sound === 'string') {
      void new view.Audio(sound).play().catch(() => {});
      return;
    }
    audio ??= new view.AudioContext();
    const tone = audio.createOscillator();
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.08);
  } catch {
    // No sound here (no audio device, autoplay refused): the notification still says it.
  }
}
