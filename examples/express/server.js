// An existing Express app that adds the chat: one port for its pages, the chat's bundles and
// the chat's WebSocket. Run from the repository after `npm run build`: `npm start -w examples/express`.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createItmchat } from '@itmchat/server';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

const chat = createItmchat({ dataFile: process.env.CHAT_DB ?? 'express-chat.db' });
const app = express();
app.disable('x-powered-by');
// The chat's bundles under /itmchat/, and /healthz, /readyz, /metrics; everything else goes on to the app.
app.use(chat.handler);
app.use(express.urlencoded({ extended: false }));
app.use(express.static(fileURLToPath(new URL('./public', import.meta.url))));

const guestbook = [];
app.get('/', (_request, response) =>
  response.send(page('Home', '<p>An ordinary Express site. <a href="/guestbook">Sign the guestbook</a> — the chat stays joined.</p>')),
);
app.get('/guestbook', (_request, response) => {
  const entries = guestbook.map((name) => `<li>${escapeHtml(name)}</li>`).join('');
  response.send(
    page(
      'Guestbook',
      `<form method="post" action="/guestbook"><input name="name" aria-label="name" required><button>Sign</button></form><ul>${entries}</ul>`,
    ),
  );
});
app.post('/guestbook', (request, response) => {
  guestbook.push(String(request.body.name ?? '').slice(0, 100));
  response.redirect(303, '/guestbook');
});

const server = createServer(app);
chat.attach(server); // WebSocket upgrades on /ws share the app's port
await chat.ready();
server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`express app listening on http://${host}:${actual}`);
});

process.once('SIGTERM', () => {
  server.close();
  // Finishes calls in flight, flushes the store, closes chat sockets with 1001.
  chat.close().then(
    () => server.closeAllConnections(),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});

function page(title, body) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><title>${title} · Express example</title><link rel="stylesheet" href="/itmchat/itmchat.css"><link rel="stylesheet" href="/site.css"></head>
<body>
<nav><a href="/">Home</a> <a href="/guestbook">Guestbook</a></nav>
<main><h1>${title}</h1>${body}</main>
<aside data-itmchat-host aria-label="Chat"></aside>
<script src="/itmchat/itmchat.js" defer></script>
</body>
</html>`;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
