/**
 * The one-line embed (built to itmchat.js), in the page's <head>:
 *   <script src="https://chat.example.org/itmchat/itmchat.js" data-place="lobby" defer blocking="render"></script>
 * It finds its host element, attaches to the browser's chat bridge and draws the chat.
 * Settings come from the script tag's data- attributes (see docs/embedding.md). With
 * `data-manual` it draws nothing by itself and the page calls `itmchat.mount(...)` with its
 * own callbacks instead.
 */
import { DEFAULT_PLACE, WS_PATH } from '@itmchat/protocol';
import { connectChat, type ConnectOptions, type ItmchatClient } from '@itmchat/jsclient';
import { defaultCallbacks } from './callbacks.js';
import { mountChat } from './mount-chat.js';
import type { MountedChat, MountOptions } from './types.js';

function settingsFrom(script: HTMLScriptElement): ConnectOptions {
  const data = script.dataset;
  const scriptUrl = new URL(script.src, location.href);
  const idleSeconds = Number(data.idleClose);
  return {
    // Default: the server that served this script, at its WebSocket path.
    serverUrl: data.server ?? `${scriptUrl.protocol === 'https:' ? 'wss:' : 'ws:'}//${scriptUrl.host}${WS_PATH}`,
    // A SharedWorker must be same-origin with the page: a cross-origin chat names the site's own copy.
    workerUrl: data.worker ?? new URL('itmchat-worker.js', scriptUrl).href,
    place: data.place ?? DEFAULT_PLACE,
    debug: data.debug !== undefined && data.debug !== 'false',
    ...(data.idleClose !== undefined && Number.isFinite(idleSeconds) ? { idleCloseMs: idleSeconds * 1000 } : {}),
  };
}

function defaultHost(script: HTMLScriptElement): HTMLElement {
  const selector = script.dataset.target;
  const found = document.querySelector<HTMLElement>(selector ?? '[data-itmchat-host]');
  if (found) return found;
  if (selector) throw new Error(`itmchat: no element matches data-target="${selector}"`);
  const host = document.createElement('div');
  // Beside the script in the body; at the end of the body when the script stands in the head.
  if (script.closest('head')) document.body.append(host);
  else script.after(host);
  return host;
}

/** `data-lang` and `data-alerts` ("sound", "desktop", or both): the mount's defaults, which `mount(..., options)` overrides. */
function mountDefaults(script: HTMLScriptElement): MountOptions {
  const { lang, alerts } = script.dataset;
  const wanted = new Set((alerts ?? '').split(/[\s,]+/u));
  return {
    ...(lang ? { lang } : {}),
    ...(wanted.has('sound') || wanted.has('desktop') ? { alerts: { sound: wanted.has('sound'), desktop: wanted.has('desktop') } } : {}),
  };
}

const script = document.currentScript as HTMLScriptElement | null;
const settings = script ? settingsFrom(script) : null;
const defaults = script ? mountDefaults(script) : {};
let client: Promise<ItmchatClient> | null = null;

/** The page's API, as `window.itmchat`. Every mount on a page shares one client. */
const itmchat = {
  /** Draws the chat into `host` (an element or a selector) with any callbacks overridden. */
  async mount(host: HTMLElement | string, options: MountOptions = {}): Promise<MountedChat> {
    if (!settings) throw new Error('itmchat: load itmchat.js with a <script> tag');
    const element = typeof host === 'string' ? document.querySelector<HTMLElement>(host) : host;
    if (!element) throw new Error(`itmchat: no element matches "${String(host)}"`);
    client ??= connectChat(settings);
    return mountChat(element, await client, { ...defaults, ...options });
  },
  /** The default callbacks, for overrides that wrap rather than replace them. */
  defaults: defaultCallbacks,
};
(globalThis as { itmchat?: typeof itmchat }).itmchat = itmchat;

if (script && script.dataset.manual === undefined) {
  const start = () => void itmchat.mount(defaultHost(script)).catch((error: unknown) => console.error(error));
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}
