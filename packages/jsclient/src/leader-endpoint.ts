import { randomId } from '@itmchat/bridge-worker';
import type { PageMessage, WorkerMessage } from '@itmchat/protocol';
import type { BridgeEndpoint } from './endpoint.js';

/** The bridge logic as the fallback needs it: what `BridgeCore` offers. */
export interface InPageBridge {
  connectPage(port: { post(message: WorkerMessage): void; close(): void }): (data: unknown) => void;
  /** Clears its timers and closes its socket, keeping the stored session for the next leader. */
  dispose(): void;
}

type ChannelMessage =
  | { readonly kind: 'toLeader'; readonly from: string; readonly message: PageMessage }
  | { readonly kind: 'toTab'; readonly to: string; readonly message: WorkerMessage }
  | { readonly kind: 'leader'; readonly id: string };

/**
 * Where SharedWorker is missing (Chrome on Android, older Safari): the tabs elect one
 * leader with Web Locks; it runs the bridge in its page and the others reach it over a
 * BroadcastChannel, so the browser still holds one socket. When the leader's tab goes,
 * its lock passes to another tab, which restores the session from storage and resumes.
 * Without Web Locks every tab runs its own bridge (one socket each).
 */
export function leaderEndpoint(name: string, makeBridge: () => InPageBridge): BridgeEndpoint {
  const tabId = randomId();
  const channel = new BroadcastChannel(`itmchat:${name}`);
  /** Set once this tab leads: its own page talks to the bridge directly. */
  let local: ((data: unknown) => void) | null = null;
  const followers = new Map<string, (data: unknown) => void>();
  let closed = false;

  const endpoint: BridgeEndpoint = {
    post(message) {
      if (local) local(message);
      else channel.postMessage({ kind: 'toLeader', from: tabId, message } satisfies ChannelMessage);
    },
    onmessage: null,
    onreset: null,
    close() {
      closed = true;
      bridge?.dispose();
      channel.close();
    },
  };

  channel.onmessage = (event: MessageEvent<ChannelMessage>) => {
    const data = event.data;
    if (data.kind === 'toTab' && data.to === tabId) endpoint.onmessage?.(data.message);
    else if (data.kind === 'leader' && !local) endpoint.onreset?.(); // a new leader: say hello to it
    else if (data.kind === 'toLeader' && local) followerHandler(data.from)(data.message);
  };

  function followerHandler(id: string): (data: unknown) => void {
    let handler = followers.get(id);
    if (!handler) {
      handler = bridge!.connectPage({
        post: (message) => channel.postMessage({ kind: 'toTab', to: id, message } satisfies ChannelMessage),
        close: () => followers.delete(id),
      });
      followers.set(id, handler);
    }
    return handler;
  }

  let bridge: InPageBridge | null = null;
  /** Returns whether this tab now leads: not once its endpoint is closed. */
  const lead = (): boolean => {
    if (closed) return false;
    bridge = makeBridge();
    local = bridge.connectPage({ post: (message) => endpoint.onmessage?.(message), close: () => undefined });
    channel.postMessage({ kind: 'leader', id: tabId } satisfies ChannelMessage);
    endpoint.onreset?.();
    return true;
  };

  if (typeof navigator !== 'undefined' && navigator.locks) {
    // Held until this page is gone; then the next waiting tab leads. A closed endpoint hands it on at once.
    void navigator.locks.request(`itmchat-leader:${name}`, () => (lead() ? new Promise<never>(() => undefined) : undefined));
  } else {
    queueMicrotask(lead);
  }
  return endpoint;
}
