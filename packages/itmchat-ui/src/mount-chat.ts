import type { ChatState, Snapshot } from '@itmchat/protocol';
import type { ChatClient } from '@itmchat/jsclient';
import { resolveCallbacks } from './callbacks.js';
import { buildChatView } from './chat-view.js';
import { makeHooks } from './hooks.js';
import { setJoinMessage, wireJoinForm } from './join-form.js';
import { wireLineForm } from './line-form.js';
import { isOwn, LogView, type LogMessage } from './log-view.js';
import { droppedText, presenceText } from './notice-text.js';
import { showState } from './state-view.js';
import type { MountedChat, MountOptions, NoticeKind, RenderContext } from './types.js';
import { toUiError } from './ui-error.js';
import { UnreadCounter } from './unread-counter.js';

/** Heading and accessible name of the chat when `options.title` is not given. */
export const DEFAULT_TITLE = 'Chat';

interface Shown {
  readonly state: ChatState;
  readonly nick: string | null;
  readonly place: string | null;
}

/**
 * Draws the chat inside `host` as plain HTML and keeps it in step with `client`: state from
 * 'state'/'snapshot' events, the log from the others. The hook callbacks also fire as DOM events
 * on the host (see hooks.ts). Everything it adds goes on `unmount()`.
 */
export function mountChat(host: HTMLElement, client: ChatClient, options: MountOptions = {}): MountedChat {
  const doc = options.document ?? host.ownerDocument;
  const callbacks = resolveCallbacks(options.callbacks);
  const hooks = makeHooks(host, callbacks);
  const view = buildChatView(doc, options.title ?? DEFAULT_TITLE);
  let alive = true;
  let shown: Shown | null = null;
  /** The visitor's session was joined (so connecting means reconnecting, and onJoin has fired). */
  let sessionJoined = client.snapshot.state !== 'idle';
  /** Where the visitor last was as a member, for onLeave (an offline state may not say). */
  let lastSeat: { readonly nick: string; readonly place: string } | null = null;
  /** A join asked for here is under way: the line input takes the focus once joined. */
  let joining = false;

  const context = (): RenderContext => ({ document: doc, formatTime: callbacks.formatTime, nick: shown?.nick ?? null });
  const log = new LogView(view.log, callbacks, context);
  const unread = new UnreadCounter(doc, hooks.unread);

  function show(state: ChatState, nick: string | null, place: string | null, snapshot?: Snapshot): void {
    const previous = shown?.state ?? null;
    if (state === 'idle') {
      if (sessionJoined && lastSeat) hooks.leave(lastSeat.nick, lastSeat.place);
      sessionJoined = false;
      lastSeat = null;
      if (previous !== null && previous !== 'idle') log.clear();
    }
    shown = { state, nick, place };
    if (state !== 'idle' && nick !== null && place !== null) lastSeat = { nick, place };
    showState(host, view, { state, nick, place, firstJoin: !sessionJoined });
    if (state === 'joined' && !sessionJoined) {
      sessionJoined = true;
      setJoinMessage(view, '');
      if (nick !== null && place !== null) hooks.join(nick, place);
    }
    if (state === 'joined' && joining) {
      joining = false;
      view.lineInput.focus();
    }
    if (state !== previous) {
      const current = snapshot ?? { ...client.snapshot, state, nick, place };
      hooks.state(state, current);
    }
  }

  const redraw = (snapshot: Snapshot): void => {
    log.reset(snapshot);
    show(snapshot.state, snapshot.nick, snapshot.place, snapshot);
  };
  /** Events of another place than the one shown are stale (a snapshot redraws after every move). */
  const here = (place: string): boolean => shown === null || shown.place === null || shown.place === place;
  const note = (text: string, kind: NoticeKind): void => log.addNote(callbacks.renderNotice(text, kind, context()), 'notice');

  const announce = (place: string, fresh: readonly LogMessage[]): void => {
    let fromOthers = 0;
    for (const message of fresh) {
      const own = isOwn(message, shown?.nick ?? null);
      if (!own) fromOthers += 1;
      hooks.message(message, { ...context(), place, own });
    }
    unread.add(fromOthers);
  };

  const subscriptions = [
    client.on('state', (event) => show(event.state, event.nick, event.place)),
    client.on('snapshot', (event) => redraw(event.snapshot)),
    client.on('messages', (event) => {
      if (here(event.place)) announce(event.place, log.addMessages(event.place, event.messages));
    }),
    client.on('pending', (event) => log.addPending(event.line)),
    client.on('dropped', (event) => note(droppedText(log.drop(event.cid), event.error), 'dropped')),
    client.on('presence', (event) => {
      if (here(event.place)) note(presenceText(event), 'presence');
    }),
    client.on('gap', (event) => {
      if (here(event.place)) log.addGap(event.gap);
    }),
    client.on('notice', (event) => {
      note(event.message, 'notice');
      // Also under the nick field: a notice often comes with the return to idle, which hides the log.
      setJoinMessage(view, event.message);
    }),
    wireJoinForm({
      view,
      client,
      alive: () => alive,
      submitted: () => (joining = true),
      joined: (snapshot) => {
        if (shown?.state !== 'joined') redraw(snapshot);
      },
      refused: () => {
        joining = false;
        const { state, nick, place } = client.snapshot;
        show(state, nick, place);
      },
    }),
    wireLineForm({ view, client, log, callbacks, context, alive: () => alive }),
  ];

  const onLeave = (): void => {
    setJoinMessage(view, '');
    client.leave().then(
      () => {
        if (!alive) return;
        if (shown?.state !== 'idle') show('idle', null, null);
        view.nickInput.focus();
      },
      (reason: unknown) => {
        if (alive) note(`could not leave: ${toUiError(reason).message}`, 'error');
      },
    );
  };
  view.leaveButton.addEventListener('click', onLeave);
  subscriptions.push(() => view.leaveButton.removeEventListener('click', onLeave));

  host.appendChild(view.root);
  redraw(client.snapshot);

  return {
    root: view.root,
    unmount(): void {
      if (!alive) return;
      for (const unsubscribe of subscriptions) unsubscribe();
      unread.stop();
      alive = false;
      view.root.remove();
      delete host.dataset['itmchatState'];
    },
  };
}
