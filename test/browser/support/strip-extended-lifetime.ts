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
