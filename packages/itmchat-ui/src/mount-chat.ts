import { isIgnored, type ChatState, type Snapshot } from '@itmchat/protocol';
import type { ChatClient } from '@itmchat/jsclient';
import { alertsAllowed, AlertSwitch } from './alerts.js';
import { Announcer } from './announcer.js';
import { resolveCallbacks } from './callbacks.js';
import { buildChatView } from './chat-view.js';
import { makeHooks } from './hooks.js';
import { setJoinMessage, wireJoinForm } from './join-form.js';
import { wireLineForm } from './line-form.js';
import { LogHistory } from './log-history.js';
import { LogScroll } from './log-scroll.js';
import { PrivateView } from './private-view.js';
import { TypingView } from './typing-view.js';
import { isOwn, LogView, type LogMessage, type LogPosition } from './log-view.js';
import { droppedText, errorText, nickWithAway, presenceText } from './notice-text.js';
import { showState } from './state-view.js';
import { fill, resolveStrings } from './strings.js';
import type { MountedChat, MountOptions, NoticeKind, RenderContext } from './types.js';
import { toUiError } from './ui-error.js';
import { UnreadCounter } from './unread-counter.js';

/** Heading and accessible name of the chat when neither `options.title` nor the table says otherwise. */
export const DEFAULT_TITLE = 'Chat';

/** Pages loaded at most to bring a reader back to where they had scrolled before a reload. */
const PAGES_TO_POSITION = 10;

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
  const strings = resolveStrings(options.lang, options.strings, doc.documentElement?.lang ?? '');
  const callbacks = resolveCallbacks(options.callbacks);
  const hooks = makeHooks(host, callbacks);
  const view = buildChatView(doc, options.title ?? strings.title, strings);
  const tabStorage = storage(doc, 'sessionStorage');
  let alive = true;
  let shown: Shown | null = null;
  /** The visitor's session was joined (so connecting means reconnecting, and onJoin has fired). */
  let sessionJoined = client.snapshot.state !== 'idle';
  /** Where the visitor last was as a member, for onLeave (an offline state may not say). */
  let lastSeat: { readonly nick: string; readonly place: string } | null = null;
  /** A join asked for here is under way: the line input takes the focus once joined. */
  let joining = false;

  const context = (): RenderContext => {
    const ctx: RenderContext = {
      document: doc,
      formatTime: (at) => callbacks.formatTime(at, strings.locale),
      renderText: (text) => callbacks.renderText(text, ctx),
      nick: shown?.nick ?? null,
      strings,
    };
    return ctx;
  };
  const log = new LogView(view.log, callbacks, context);
  const privateView = new PrivateView(
    { box: view.privateBox, list: view.privateList, unread: view.privateUnread, input: view.lineInput },
    callbacks,
    context,
  );
  const typing = new TypingView(view.typing, strings, (nicks) => hooks.typing(nicks));
  /** Nicks this browser hides (-ignore), as the worker last said. */
  let ignored: readonly string[] = client.snapshot.ignored ?? [];
  const shownOf = <M extends { readonly nick: string }>(messages: readonly M[]): M[] => messages.filter((m) => !isIgnored(ignored, m.nick));
  /** Your nick in the bar, marked while you are away. */
  const showMe = (): void => {
    const { nick, away = [] } = client.snapshot;
    if (nick !== null) view.me.textContent = nickWithAway(nick, away, strings);
  };
  /** The topic above the log; the hook hears of each change of it (and of the place it is of). */
  let topicShown: { topic: string | null; place: string | null } = { topic: null, place: null };
  const showTopic = (topic: string | undefined): void => {
    view.topic.textContent = topic ?? '';
    view.topic.hidden = !topic;
    const now = { topic: topic ?? null, place: client.snapshot.place };
    if (now.place !== null && (now.topic !== topicShown.topic || now.place !== topicShown.place)) hooks.topic(now.topic, now.place);
    topicShown = now;
  };
  const history = new LogHistory({ log, client, strings, alive: () => alive });
  const scroll = new LogScroll(log, view.newMessages, strings, tabStorage);
  const announcer = new Announcer(view.announcer);
  const unread = new UnreadCounter(doc, hooks.unread);
  const alerts = alertsAllowed(options.alerts)
    ? new AlertSwitch(view.alertsButton, options.alerts, strings, storage(doc, 'localStorage'))
    : null;

  function show(state: ChatState, nick: string | null, place: string | null, snapshot?: Snapshot): void {
    const previous = shown?.state ?? null;
    // The part that holds the focus may be hidden now: the focus goes to the part shown instead.
    const focusIn = (part: HTMLElement) => part.contains(doc.activeElement);
    const focusWasActive = focusIn(view.active);
    const focusWasJoin = focusIn(view.joinForm);
    if (state === 'idle') {
      if (sessionJoined && lastSeat) hooks.leave(lastSeat.nick, lastSeat.place);
      sessionJoined = false;
      lastSeat = null;
      if (previous !== null && previous !== 'idle') log.clear();
    }
    shown = { state, nick, place };
    if (state !== 'idle' && nick !== null && place !== null) lastSeat = { nick, place };
    showState(host, view, { state, nick, place, firstJoin: !sessionJoined }, strings);
    showMe();
    if (state === 'joined' && !sessionJoined) {
      sessionJoined = true;
      setJoinMessage(view, '');
      if (nick !== null && place !== null) hooks.join(nick, place);
    }
    if (state === 'joined' && (joining || focusWasJoin)) {
      joining = false;
      view.lineInput.focus();
    }
    if (state === 'idle' && focusWasActive) view.nickInput.focus();
    if (state !== previous) {
      const current = snapshot ?? { ...client.snapshot, state, nick, place };
      hooks.state(state, current);
    }
  }

  /** Brings a reader back to a message older than the redraw holds, a page at a time. */
  const reach = async (position: LogPosition): Promise<void> => {
    for (let pages = 0; pages < PAGES_TO_POSITION && alive; pages++) {
      const oldest = log.oldestSeq;
      if (oldest === null || oldest <= position.seq) break;
      await history.loadOlder();
      if (log.oldestSeq === oldest) return; // nothing older came
    }
    if (alive) log.restore(position);
  };

  const redraw = (snapshot: Snapshot, position: LogPosition | null = log.position()): void => {
    ignored = snapshot.ignored ?? [];
    // Private lines, pending or numbered, show apart from the place's log.
    log.reset({ ...snapshot, messages: shownOf(snapshot.messages), pending: snapshot.pending.filter((p) => p.to === undefined) }, position);
    privateView.reset(snapshot.conversations ?? [], snapshot.pending, ignored);
    showTopic(snapshot.topic);
    history.reset();
    scroll.reset();
    unread.set(snapshot.unread ?? 0);
    show(snapshot.state, snapshot.nick, snapshot.place, snapshot);
    const oldest = log.oldestSeq;
    if (position && oldest !== null && position.seq < oldest) void reach(position);
  };
  /** Events of another place than the one shown are stale (a snapshot redraws after every move). */
  const here = (place: string): boolean => shown === null || shown.place === null || shown.place === place;
  const note = (text: string, kind: NoticeKind, spoken = true): void => {
    log.addNote(callbacks.renderNotice(text, kind, context()), 'notice');
    if (spoken) announcer.say(text);
  };

  /** New live messages: told to the live region once each (your own line too, once numbered), to the hooks, and to the marker. */
  const arrived = (place: string, fresh: readonly LogMessage[]): void => {
    let fromOthers = 0;
    for (const message of fresh) {
      const own = isOwn(message, shown?.nick ?? null);
      if (!own) fromOthers += 1;
      announcer.say(`${message.nick}: ${message.text}`);
      hooks.message(message, { ...context(), place, own });
    }
    scroll.arrived(fromOthers);
  };

  const onPageHide = (): void => scroll.save();
  doc.defaultView?.addEventListener('pagehide', onPageHide);

  const subscriptions = [
    client.on('state', (event) => show(event.state, event.nick, event.place)),
    client.on('snapshot', (event) => redraw(event.snapshot)),
    client.on('messages', (event) => {
      if (!here(event.place)) return;
      const topic = event.messages.findLast((m) => m.kind === 'topic');
      if (topic) showTopic(topic.text || undefined);
      const fresh = log.addMessages(event.place, shownOf(event.messages));
      for (const message of fresh) typing.said(message.nick);
      history.refresh();
      if (!event.backlog) arrived(event.place, fresh);
    }),
    client.on('pending', (event) => {
      if (event.line.to !== undefined) return privateView.pending(event.line);
      log.addPending(event.line);
      scroll.own();
    }),
    client.on('dropped', (event) => {
      // A private line refused (nobody holds the nick): its -msg's refusal says why, and the line is back in the field.
      if (!privateView.drop(event.cid)) note(droppedText(log.drop(event.cid), event.error, strings), 'dropped');
    }),
    client.on('private', (event) => {
      const fresh = shownOf(event.messages);
      privateView.add(event.conversation, fresh, ignored);
      for (const message of fresh) typing.said(message.nick);
      if (event.backlog) return;
      for (const message of fresh) {
        if (message.cid !== undefined) continue;
        announcer.say(`${fill(strings.privateLine, { from: message.nick, to: message.to ?? '' })}: ${message.text}`);
        hooks.message(message, { ...context(), place: event.conversation, own: false });
      }
    }),
    client.on('ignored', () => redraw(client.snapshot)),
    client.on('away', (event) => {
      showMe();
      hooks.away(event.nick, event.away, event.place);
    }),
    client.on('typing', (event) => {
      const privately = event.place.startsWith('@');
      if ((privately || here(event.place)) && !isIgnored(ignored, event.nick)) typing.typing(event.nick, privately);
    }),
    client.on('presence', (event) => {
      if (here(event.place)) note(presenceText(event, strings), 'presence', false);
    }),
    client.on('gap', (event) => {
      if (here(event.place)) log.addGap(event.gap);
    }),
    client.on('notice', (event) => {
      note(event.message, 'notice');
      // Also under the nick field: a notice often comes with the return to idle, which hides the log.
      setJoinMessage(view, event.message);
    }),
    client.on('unread', (event) => unread.set(event.count)),
    client.on('alert', (event) => {
      if (alerts?.on && options.alerts && here(event.place)) {
        hooks.alert(event.message, { ...context(), place: event.place, own: false, alerts: options.alerts });
      }
    }),
    wireJoinForm({
      view,
      client,
      strings,
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
    wireLineForm({ view, client, log, callbacks, context, alive: () => alive, announce: (text) => announcer.say(text) }),
    () => doc.defaultView?.removeEventListener('pagehide', onPageHide),
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
        if (alive) note(fill(strings.couldNotLeave, { reason: errorText(toUiError(reason), strings) }), 'error');
      },
    );
  };
  view.leaveButton.addEventListener('click', onLeave);
  subscriptions.push(() => view.leaveButton.removeEventListener('click', onLeave));

  host.appendChild(view.root);
  redraw(client.snapshot, scroll.saved(client.snapshot.place));

  return {
    root: view.root,
    unmount(): void {
      if (!alive) return;
      for (const unsubscribe of subscriptions) unsubscribe();
      history.stop();
      scroll.stop();
      privateView.stop();
      typing.stop();
      alerts?.stop();
      unread.stop();
      alive = false;
      view.root.remove();
      delete host.dataset['itmchatState'];
    },
  };
}

/** The page's storage of that kind, or null where it is refused (a sandboxed frame, some private modes). */
function storage(doc: Document, kind: 'sessionStorage' | 'localStorage'): Storage | null {
  try {
    return doc.defaultView?.[kind] ?? null;
  } catch {
    return null;
  }
}
