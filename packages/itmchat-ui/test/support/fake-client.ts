import type { BridgeApi, BridgeEvent, ChatMessage, CommandResult, OlderPage, Snapshot } from '@itmchat/protocol';
import type { ChatClient, Listener } from '../../../jsclient/src/chat-client.js';

interface Results {
  join: Snapshot;
  say: ChatMessage;
  command: CommandResult;
  leave: BridgeApi['leave']['result'];
  older: OlderPage;
  typing: BridgeApi['typing']['result'];
}
type Method = keyof Results;

/** One recorded call, with the means to answer it. */
export interface FakeCall<M extends Method = Method> {
  readonly method: M;
  /** The nick, text or line; null for leave. */
  readonly arg: string | null;
  resolve(value: Results[M]): void;
  reject(error: { code: string; message: string }): void;
}

export const EMPTY_SNAPSHOT: Snapshot = { state: 'idle', nick: null, place: null, members: [], messages: [], gaps: [], pending: [] };

/** A ChatClient that records calls, answers when the test says so, and emits the events the test gives it. */
export class FakeClient implements ChatClient {
  snapshot: Snapshot;
  readonly calls: FakeCall[] = [];
  readonly #listeners = new Map<string, Set<(event: BridgeEvent) => void>>();

  constructor(snapshot: Partial<Snapshot> = {}) {
    this.snapshot = { ...EMPTY_SNAPSHOT, ...snapshot };
  }

  on<T extends BridgeEvent['type']>(type: T, listener: Listener<T>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    const stored = listener as (event: BridgeEvent) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  /** How many listeners are subscribed, over all event types. */
  get listenerCount(): number {
    let n = 0;
    for (const set of this.#listeners.values()) n += set.size;
    return n;
  }

  emit(event: BridgeEvent): void {
    for (const listener of [...(this.#listeners.get(event.type) ?? [])]) listener(event);
  }

  join(nick: string): Promise<Snapshot> {
    return this.#record('join', nick);
  }

  say(text: string): Promise<ChatMessage> {
    return this.#record('say', text);
  }

  command(line: string): Promise<CommandResult> {
    return this.#record('command', line);
  }

  leave(): Promise<BridgeApi['leave']['result']> {
    return this.#record('leave', null);
  }

  /** Recorded with arg "place before". */
  older(place: string, before: number): Promise<OlderPage> {
    return this.#record('older', `${place} ${before}`);
  }

  /** Recorded with arg `to` ('' for the place); answered at once, as the worker does. */
  typing(to?: string): Promise<BridgeApi['typing']['result']> {
    void this.#record('typing', to ?? '');
    return Promise.resolve({});
  }

  /** The latest call of a method; throws when there is none. */
  last<M extends Method>(method: M): FakeCall<M> {
    const call = this.calls.findLast((c) => c.method === method);
    if (!call) throw new Error(`no ${method} call recorded`);
    return call as FakeCall<M>;
  }

  callsOf(method: Method): (string | null)[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.arg);
  }

  #record<M extends Method>(method: M, arg: string | null): Promise<Results[M]> {
    return new Promise<Results[M]>((resolve, reject) => {
      const call: FakeCall<M> = { method, arg, resolve, reject };
      this.calls.push(call);
    });
  }
}
