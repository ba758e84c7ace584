// Text only: the query is shown as typed, never as HTML.
document.querySelector('[data-query]').textContent = new URLSearchParams(location.search).get('q') || '';
