import {
  BRIDGE_VERSION,
  SUBPROTOCOL,
  type BridgeApi,
  type BridgeMethod,
  type ChatMessage,
  type Joined,
  type PlaceState,
  type WorkerMessage,
} from '@itmchat/protocol';
import { BridgeCore } from '../../src/bridge-core.js';
import type { BridgeOptions } from '../../src/bridge-options.js';
import { MemoryStorage } from '../../src/memory-storage.js';
import type { PlaceLog } from '../../src/place-log.js';
import { FakeClock, flush } from './fake-clock.js';
import { FakePort } from './fake-port.js';
import { FakeNetwork, type FakeSocket } from './fake-socket.js';

export const SERVER_URL = 'wss://chat.example/ws';
export const EPOCH = 'epoch-1';
export const TOKEN = 'token-ana-0123456789';

export function msg(seq: number, nick = 'bob', text = `line ${seq}`): ChatMessage {
  return { seq, at: 1_000_000 + seq, nick, text };
}

export function msgs(from: number, to: number, nick = 'bob'): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let seq = from; seq <= to; seq++) out.push(msg(seq, nick));
  return out;
}

export function placeState(name: string, fields: Partial<PlaceState> = {}): PlaceState {
  return { name, epoch: EPOCH, head: 0, members: ['Ana'], ...fields };
}

export function joined(nick = 'Ana', place = 'lobby', fields: Partial<PlaceState> & { token?: string } = {}): Joined {
  const { token = TOKEN, ...state } = fields;
  return { token, nick, place: placeState(place, { members: [nick], ...state }) };
}

export function logOf(place: string, messages: readonly ChatMessage[], epoch = EPOCH): PlaceLog {
  return { place, epoch, messages, gaps: [], notes: [] };
}

/** One page attached to the core. */
export class TestPage {
  readonly port = new FakePort();
  readonly #receive: (data: unknown) => void;
  #nextId = 1;

  constructor(core: BridgeCore) {
    this.#receive = core.connectPage(this.port);
  }

  post(data: unknown): void {
    this.#receive(data);
  }

  hello(fields: { place?: string; debug?: boolean; serverUrl?: string; idleCloseMs?: number } = {}): void {
    this.post({ v: BRIDGE_VERSION, kind: 'hello', serverUrl: SERVER_URL, place: 'lobby', debug: false, ...fields });
  }

  call<M extends BridgeMethod>(method: M, params: BridgeApi[M]['params']): number {
    const id = this.#nextId++;
    this.post({ v: BRIDGE_VERSION, kind: 'call', id, method, params });
    return id;
  }

  ping(): void {
    this.post({ v: BRIDGE_VERSION, kind: 'ping' });
  }

  bye(): void {
    this.post({ v: BRIDGE_VERSION, kind: 'bye' });
  }

  answer(id: number): Extract<WorkerMessage, { kind: 'result' | 'error' }> | undefined {
    return this.port.answer(id);
  }

  /** The result of call `id`; fails if it has none or got an error. */
  result(id: number): unknown {
    const answer = this.port.answer(id);
    if (!answer) throw new Error(`call ${id} has no answer yet`);
    if (answer.kind === 'error') throw new Error(`call ${id} failed: ${answer.error.code} ${answer.error.message}`);
    return answer.result;
  }

  /** The error code of call `id`; fails if it has none or succeeded. */
  errorCode(id: number): string {
    const answer = this.port.answer(id);
    if (!answer) throw new Error(`call ${id} has no answer yet`);
    if (answer.kind !== 'error') throw new Error(`call ${id} succeeded: ${JSON.stringify(answer.result)}`);
    return answer.error.code;
  }
}

export interface BridgeSetup {
  storage?: MemoryStorage;
  options?: Partial<BridgeOptions>;
}

/** A BridgeCore wired to fakes: the test plays pages, server and time. */
export class Bridge {
  readonly clock = new FakeClock();
  readonly net = new FakeNetwork();
  readonly storage: MemoryStorage;
  readonly core: BridgeCore;
  readonly cids: string[] = [];

  constructor(setup: BridgeSetup = {}) {
    this.storage = setup.storage ?? new MemoryStorage();
    this.core = new BridgeCore({
      openSocket: this.net.open,
      storage: this.storage,
      timers: this.clock,
      ...(setup.options ? { options: setup.options } : {}),
      newId: () => {
        const cid = `cid-${this.cids.length + 1}`;
        this.cids.push(cid);
        return cid;
      },
    });
  }

  get socket(): FakeSocket {
    return this.net.last;
  }

  /** A new page that said hello; its welcome is posted once the core has read storage. */
  async page(fields: { place?: string; debug?: boolean } = {}): Promise<TestPage> {
    const page = new TestPage(this.core);
    page.hello(fields);
    await flush();
    return page;
  }

  /** Plays the server's side of a successful identify/resume on the current socket, then its backlog. */
  async acceptJoin(result: Joined, backlog: readonly ChatMessage[] = []): Promise<FakeSocket> {
    const socket = this.socket;
    const call = socket.calls.findLast((c) => c.method === 'identify' || c.method === 'resume');
    if (!call) throw new Error(`no identify/resume sent: ${socket.sent.join(' ')}`);
    socket.reply(call.id, result);
    await flush();
    if (backlog.length > 0) {
      socket.push('userSay', { place: result.place.name, epoch: result.place.epoch, messages: backlog });
      await flush();
    }
    return socket;
  }

  /** hello + join + identify accepted: a page in a joined chat. */
  async joinedPage(nick = 'Ana', backlog: readonly ChatMessage[] = [], place = 'lobby'): Promise<TestPage> {
    const page = await this.page({ place });
    const id = page.call('join', { nick });
    await flush();
    this.socket.open();
    await flush();
    await this.acceptJoin(joined(nick, place, { head: backlog.at(-1)?.seq ?? 0 }), backlog);
    page.result(id);
    return page;
  }
}

export { SUBPROTOCOL, flush };
