/**
 * An init script that makes the page's SharedWorker ignore `extendedLifetime`, as browsers
 * without it do: the worker then dies with the site's last page.
 */
export const STRIP_EXTENDED_LIFETIME = `(() => {
  const Original = window.SharedWorker;
  if (!Original) return;
  function SharedWorkerWithoutExtendedLifetime(url, options) {
    if (options && typeof options === 'object') {
      const { extendedLifetime, ...rest } = options;
      options = rest;
    }
    return new Original(url, options);
  }
  SharedWorkerWithoutExtendedLifetime.prototype = Original.prototype;
  window.SharedWorker = SharedWorkerWithoutExtendedLifetime;
})();`;

/** An init script that removes SharedWorker, as on Chrome for Android or older Safari. */
export const REMOVE_SHARED_WORKER = `delete window.SharedWorker;`;

/**
 * An init script that records what the chat showed the first time it drew: its state and the
 * message numbers on screen. "connecting" with messages proves they came from the browser,
 * before any reply from the server.
 */
export const RECORD_FIRST_DRAW = `(() => {
  const observer = new MutationObserver(() => {
    const host = document.querySelector('[data-itmchat-state]');
    if (!host) return;
    observer.disconnect();
    window.__itmchatFirstDraw = {
      state: host.getAttribute('data-itmchat-state'),
      seqs: [...host.querySelectorAll('[data-seq]')].map((e) => Number(e.getAttribute('data-seq'))),
    };
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-itmchat-state'] });
})();`;
