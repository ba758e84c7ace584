/**
 * The one-line embed (built to itmchat.js):
 *   <script src="https://chat.example.org/itmchat/itmchat.js" data-place="lobby" defer></script>
 * It finds its host element, attaches to the browser's chat bridge and draws the chat.
 * Settings come from the script tag's data- attributes (see docs/embedding.md).
 */
import { connectChat } from '@itmchat/jsclient';
import { mountChat } from './index.js';

interface EmbedSettings {
  readonly host: HTMLElement;
  readonly serverUrl: string;
  readonly workerUrl: string;
  readonly place: string;
  readonly debug: boolean;
}

function readSettings(script: HTMLScriptElement): EmbedSettings {
  const data = script.dataset;
  const scriptUrl = new URL(script.src, location.href);
  const target = data.target ? document.querySelector<HTMLElement>(data.target) : document.querySelector<HTMLElement>('[data-itmchat-host]');
  const host = target ?? script.insertAdjacentElement('afterend', document.createElement('div')) as HTMLElement;
  return {
    host,
    // Default: the server that served this script, at /ws.
    serverUrl: data.server ?? `${scriptUrl.protocol === 'https:' ? 'wss:' : 'ws:'}//${scriptUrl.host}/ws`,
    // A SharedWorker must be same-origin with the page: a cross-origin chat names the site's own copy.
    workerUrl: data.worker ?? new URL('itmchat-worker.js', scriptUrl).href,
    place: data.place ?? 'lobby',
    debug: data.debug !== undefined && data.debug !== 'false',
  };
}

async function start(script: HTMLScriptElement): Promise<void> {
  const settings = readSettings(script);
  const client = await connectChat(settings);
  mountChat(settings.host, client);
}

const script = document.currentScript as HTMLScriptElement | null;
if (script) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start(script));
  else void start(script);
}
