import type { WebSocket, RawData } from 'ws';
import { CloseCode, ErrorCode, decode, encode, parseCommand, type ClientFrame } from '@itmchat/protocol';
import type { AddressRates } from './address-rates.js';
import { CatchUps } from './catch-ups.js';
import type { Chat } from './chat.js';
import { ChatError } from './chat-error.js';
import type { Logger } from './logger.js';
import type { Peer } from './peer.js';
import type { FrameData } from './push.js';
import type { Session } from './session.js';
import { StoreUnavailableError } from './store/store.js';
import { TokenBucket, type Rate } from './token-bucket.js';

/** What one connection enforces (see ServerOptions). */
export interface ConnectionLimits {
  readonly maxBadFrames: number;
  readonly sayRate: Rate;
  readonly commandRate: Rate;
  readonly presenceRate: Rate;
  readonly maxRateRefusals: number;
  readonly rateAbuseWindowMs: number;
  readonly maxBufferedBytes: number;
}

/** How long a slow reader's close may take before its socket is destroyed. */
const SLOW_READER_CLOSE_MS = 1_000;
/**
 * Calls waiting for an answer while a backlog is being sent, beyond which more are refused
 * RATE_LIMITED: they queue behind a backlog the client may never read, and each is memory.
 * (Otherwise the rate limits bound what waits; a client flushing its outbox after a reconnect
 * has at most the say burst, 20, in flight.)
 */
export const MAX_CALLS_IN_FLIGHT = 100;
/** The retry a call refused for waiting behind a backlog is told: the backlog is going out meanwhile. */
const QUEUE_RETRY_MS = 1_000;
/**
 * And their size, in UTF-16 units (~256 KB of memory): 100 says at the decoder's 16,000-unit ceiling
 * would be 3 MiB held per socket. A client's outbox of 20 maximum-length says is 40,000.
 */
export const MAX_UNITS_IN_FLIGHT = 128 * 1024;

/**
 * One client socket: decodes frames, runs its calls in order, and sends replies and pushes.
 * Says pipeline: each starts at once, in the order sent (so they are numbered in that order),
 * without waiting for the one before to be stored. Every other call changes or reads the
 * visitor's state, so it waits for all calls before it, and the calls after it wait for it.
 */
export class Connection implements Peer {
  session: Session | null = null;
  /** Answered the last heartbeat ping. */
  alive = true;
  /** Pushes held back while a catch-up is pending; null when sending straight through. */
  #held: FrameData[] | null = null;
  /** Bytes of the held pushes: past the slow-reader bound the client is dropped, as for the socket's own buffer. */
  #heldBytes = 0;
  readonly #catchUps = new CatchUps({
    send: (text) => this.sendPaced(text),
    open: () => !this.#closing && this.socket.readyState === this.socket.OPEN,
    failed: (error) => {
      // Without its backlog the client would silently miss messages: drop it so it resumes.
      this.log('error', 'backlog_failed', { error: String(error) });
      this.close(CloseCode.InternalError, 'could not read history; reconnect');
    },
    done: () => {
      const held = this.#held ?? [];
      this.#held = null;
      this.#heldBytes = 0;
      for (const text of held) this.#sendNow(text);
    },
  });
  #inFlight = 0;
  #unitsInFlight = 0;
  /** The last call that is not a say: later calls start after it. */
  #barrier: Promise<void> = Promise.resolve();
  /** Says started since that call; made on the first say, as most sockets sit idle. */
  #says: Set<Promise<void>> | null = null;
  #badFrames = 0;
  /** Rate limits, made on first use: most sockets sit idle. */
  #sayBucket: TokenBucket | null = null;
  #commandBucket: TokenBucket | null = null;
  #presenceBucket: TokenBucket | null = null;
  /** Refusals left before the connection is closed as abusive; refills over the abuse window. */
  #refusals: TokenBucket | null = null;
  #closing = false;
  #draining = false;
  /** Frames sent paced (a history's pieces) still in the server's buffers. */
  #pacing = 0;

  constructor(
    readonly socket: WebSocket,
    readonly chat: Chat,
    readonly limits: ConnectionLimits,
    readonly log: Logger,
    /** The client's IP address, for the per-IP cap. */
    readonly ip: string = '',
    /** Presence calls of every socket of this address (see AddressRates); null: per socket only. */
    readonly addressPresence: AddressRates | null = null,
  ) {}

  receive(data: RawData, isBinary: boolean): void {
    if (this.#closing) return;
    if (isBinary) return this.close(CloseCode.UnsupportedData, 'frames are JSON text');
    this.chat.metrics.framesReceived += 1;
    const text = data.toString();
    const decoded = decode(text, 'client');
    if (!decoded.ok) {
      this.chat.metrics.badFrames += 1;
      this.#sendNow(encode({ type: 'error', id: decoded.error.id, error: { code: ErrorCode.BadFrame, message: decoded.error.message } }));
      this.#badFrames += 1;
      if (this.#badFrames > this.limits.maxBadFrames) this.close(CloseCode.ProtocolAbuse, 'too many malformed frames');
      return;
    }
    const frame = decoded.frame;
    if (this.#draining) {
      this.#sendNow(
        encode({ type: 'error', id: frame.id, error: { code: ErrorCode.ShuttingDown, message: 'the server is shutting down' } }),
      );
      return;
    }
    const size = text.length;
    if ((this.#held || this.#pacing > 0) && (this.#inFlight >= MAX_CALLS_IN_FLIGHT || this.#unitsInFlight + size > MAX_UNITS_IN_FLIGHT)) {
      return this.#refuseOverRate(frame, 'slow down: too many calls waiting for an answer', QUEUE_RETRY_MS);
    }
    const kind = rateKindOf(frame);
    const wait = this.#waitFor(kind);
    if (wait > 0) return this.#refuseOverRate(frame, `slow down: too many ${kind} calls`, wait);
    this.#inFlight += 1;
    this.#unitsInFlight += size;
    if (frame.method === 'say') {
      const says = (this.#says ??= new Set());
      const run = this.#barrier.then(() => this.#run(frame, size));
      says.add(run);
      void run.finally(() => says.delete(run));
    } else {
      const before = Promise.all([this.#barrier, ...(this.#says ?? [])]);
      this.#says = null;
      this.#barrier = before.then(() => this.#run(frame, size));
    }
  }

  /** RATE_LIMITED, saying when to retry; too many of those within the abuse window close the connection (4004). */
  #refuseOverRate(frame: ClientFrame, message: string, retryAfterMs: number): void {
    this.chat.metrics.rateLimited += 1;
    this.#sendNow(encode({ type: 'error', id: frame.id, error: { code: ErrorCode.RateLimited, message, retryAfterMs } }));
    const refusals = (this.#refusals ??= new TokenBucket({
      perSecond: (this.limits.maxRateRefusals * 1000) / this.limits.rateAbuseWindowMs,
      burst: this.limits.maxRateRefusals,
    }));
    if (!refusals.take()) {
      this.log('warn', 'rate_limit_abuse', { ip: this.ip });
      this.close(CloseCode.RateLimitAbuse, 'too many calls over the rate limit');
    }
  }

  /** Takes a token for a call of `kind`: 0 when it may go now, else how long until it could (ms). */
  #waitFor(kind: RateKind): number {
    const bucket =
      kind === 'say'
        ? (this.#sayBucket ??= new TokenBucket(this.limits.sayRate))
        : kind === 'command'
          ? (this.#commandBucket ??= new TokenBucket(this.limits.commandRate))
          : (this.#presenceBucket ??= new TokenBucket(this.limits.presenceRate));
    if (!bucket.take()) return bucket.msUntilToken();
    const address = kind === 'presence' ? this.addressPresence : null;
    return !address || address.take(this.ip) ? 0 : address.msUntilToken(this.ip);
  }

  push(data: FrameData): void {
    if (!this.#held) return this.#sendNow(data);
    this.#heldBytes += data.length; // UTF-16 units for text: near enough for a bound
    if (this.#heldBytes > this.limits.maxBufferedBytes) return this.#dropSlowReader();
    this.#held.push(data);
  }

  catchUp(produce: () => AsyncIterable<string>): void {
    this.#held ??= [];
    this.#catchUps.add(produce);
  }

  sendPaced(text: string): Promise<void> {
    if (this.#closing || this.socket.readyState !== this.socket.OPEN) return Promise.resolve();
    this.#pacing += 1;
    return new Promise((resolve) => {
      // A socket that closes mid-send may never call back for the frame it was sending.
      const done = (): void => {
        this.socket.off('close', done);
        this.#pacing -= 1;
        resolve();
      };
      this.socket.once('close', done);
      this.#sendNow(text, done);
    });
  }

  close(code: number, reason: string): void {
    this.#closing = true;
    this.socket.close(code, reason);
  }

  /** From now on new calls are refused with SHUTTING_DOWN (graceful shutdown). */
  drain(): void {
    this.#draining = true;
  }

  /** Waits for the calls already received to finish. */
  settled(): Promise<void> {
    return Promise.all([this.#barrier, ...(this.#says ?? [])]).then(() => undefined);
  }

  async #run(frame: ClientFrame, size: number): Promise<void> {
    try {
      if (this.#closing) return;
      const leaving = frame.method === 'leave' ? this.session : null;
      this.#catchUps.handling();
      try {
        const result = await this.chat.handle(this, frame);
        this.#sendNow(encode({ type: 'result', id: frame.id, result }));
        this.#logVisit(frame.method, leaving);
      } catch (error) {
        this.#sendNow(encode({ type: 'error', id: frame.id, error: this.#describe(error, frame) }));
      } finally {
        this.#catchUps.handled();
      }
      await this.#catchUps.replied();
    } finally {
      this.#inFlight -= 1;
      this.#unitsInFlight -= size;
    }
  }

  /** Joins, resumes and leaves, at info: who, where and from which address; never text or tokens. */
  #logVisit(method: ClientFrame['method'], leaving: Session | null): void {
    const session = leaving ?? this.session;
    if (!session || (method !== 'identify' && method !== 'resume' && method !== 'leave')) return;
    const event = { identify: 'joined', resume: 'resumed', leave: 'left' }[method];
    this.log('info', event, { nick: session.nick, place: session.place, session: session.id, ip: this.ip });
  }

  /** The client is not reading: stop buffering for it. It resumes later without loss. */
  #dropSlowReader(): void {
    this.chat.metrics.slowReaders += 1;
    this.log('warn', 'slow_reader', { ip: this.ip, buffered: this.socket.bufferedAmount });
    this.close(CloseCode.SlowReader, 'too far behind; reconnect and resume');
    // The close frame waits behind what is buffered, which a client that does not read never takes.
    const socket = this.socket;
    setTimeout(() => {
      if (socket.readyState !== socket.CLOSED) socket.terminate();
    }, SLOW_READER_CLOSE_MS).unref();
  }

  #describe(error: unknown, frame: ClientFrame): { code: ChatError['code']; message: string } {
    if (error instanceof ChatError) return { code: error.code, message: error.message };
    // From the store or the cluster, whichever call met it: a passing outage, not a bug.
    if (error instanceof StoreUnavailableError) return { code: ErrorCode.StoreUnavailable, message: error.message };
    this.log('error', 'call_failed', { method: frame.method, error: String((error as Error)?.stack ?? error) });
    return { code: ErrorCode.Internal, message: 'internal error' };
  }

  /** Sends now; `sent` is called once the frame has left for the network (or could not be sent). */
  #sendNow(data: FrameData, sent?: () => void): void {
    if (this.socket.readyState !== this.socket.OPEN) return sent?.();
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.#dropSlowReader();
      return sent?.();
    }
    // Bytes made once for many recipients go out as a text frame as they are, with no copy per socket.
    this.socket.send(data, { binary: false }, sent);
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    const metrics = this.chat.metrics;
    metrics.framesSent += 1;
    metrics.bytesSent += bytes;
    const stats = this.session?.stats;
    if (stats) {
      stats.framesSent += 1;
      stats.bytesSent += bytes;
    }
  }
}

type RateKind = 'say' | 'command' | 'presence';

/**
 * Which token bucket a call draws from: presence calls tell the place's members that someone
 * came or went (or could: a resume after a restart), so a flapping client is bounded like a
 * talkative one. `-goto` is a move as much as `goto` is, and also a command.
 */
function rateKindOf(frame: ClientFrame): RateKind {
  switch (frame.method) {
    case 'say':
      return 'say';
    case 'history':
    case 'typing':
      return 'command';
    case 'command': {
      const parsed = parseCommand(frame.params.line);
      return parsed.ok && parsed.command.name === 'goto' ? 'presence' : 'command';
    }
    case 'identify':
    case 'resume':
    case 'leave':
    case 'goto':
      return 'presence';
  }
}
