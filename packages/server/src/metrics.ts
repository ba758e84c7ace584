/** What one visitor's session was sent, over all its connections: proof of "nothing sent twice". */
export class VisitorStats {
  connections = 0;
  framesSent = 0;
  bytesSent = 0;
  /** Chat messages delivered to this visitor (live and backlog), each counted once per delivery. */
  messagesSent = 0;
}

/** Store calls timed for `itmchat_store_seconds`. */
export type StoreOperation = 'append' | 'read' | 'place';
/** Upper bounds in seconds: SQLite appends take well under a millisecond, Redis round-trips about one. */
const STORE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] as const;

/** A Prometheus histogram: cumulative counts per upper bound, a sum and a count. */
class Histogram {
  readonly #counts = STORE_BUCKETS.map(() => 0);
  #sum = 0;
  #count = 0;

  observe(seconds: number): void {
    this.#sum += seconds;
    this.#count += 1;
    const bucket = STORE_BUCKETS.findIndex((bound) => seconds <= bound);
    if (bucket >= 0) this.#counts[bucket]! += 1;
  }

  /** Sample names after the metric's own, e.g. `_bucket{op="read",le="0.001"}`. */
  samples(labels: string): [string, number][] {
    let cumulative = 0;
    return [
      ...STORE_BUCKETS.map((bound, i): [string, number] => [`_bucket{${labels},le="${bound}"}`, (cumulative += this.#counts[i]!)]),
      [`_bucket{${labels},le="+Inf"}`, this.#count],
      [`_sum{${labels}}`, this.#sum],
      [`_count{${labels}}`, this.#count],
    ];
  }
}

/** Server-wide counters, read by /metrics in the Prometheus text format. */
export class ServerMetrics {
  joins = 0;
  saysReceived = 0;
  /** Messages delivered by sessions that have ended; the live ones are summed from their VisitorStats. */
  #deliveredByEnded = 0;
  readonly backlogMessages = { join: 0, resume: 0, goto: 0, history: 0 };
  readonly gaps = { trimmed: 0, epoch: 0 };
  readonly #store = { append: new Histogram(), read: new Histogram(), place: new Histogram() };
  connectionsOpened = 0;
  framesSent = 0;
  bytesSent = 0;
  framesReceived = 0;
  badFrames = 0;
  messagesStored = 0;
  resumes = 0;
  rateLimited = 0;
  slowReaders = 0;
  connectionsRefused = 0;
  /** Plain HTTP sockets closed over the per-address cap (startServer only). */
  httpSocketsRefused = 0;

  /** Times one store call into `itmchat_store_seconds{op}`, whether it succeeds or fails. */
  async timeStore<T>(op: StoreOperation, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } finally {
      this.#store[op].observe((performance.now() - started) / 1000);
    }
  }

  /** A session ended: its deliveries stay in the server-wide total. */
  retire(stats: VisitorStats): void {
    this.#deliveredByEnded += stats.messagesSent;
  }

  /**
   * The exposition text. Per-visitor series, labelled with each nick, only when `nicks` (they name
   * people); they cover the sessions that exist now, so their number stays bounded.
   */
  render(sessions: readonly { readonly nick: string; readonly stats: VisitorStats }[], openConnections: number, nicks: boolean): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const delivered = sessions.reduce((sum, s) => sum + s.stats.messagesSent, this.#deliveredByEnded);
    metric('itmchat_connections', 'gauge', 'Open WebSocket connections.', [['', openConnections]]);
    metric('itmchat_connections_opened_total', 'counter', 'WebSocket connections accepted.', [['', this.connectionsOpened]]);
    metric('itmchat_frames_sent_total', 'counter', 'Frames sent to clients.', [['', this.framesSent]]);
    metric('itmchat_bytes_sent_total', 'counter', 'Bytes of frame payload sent to clients.', [['', this.bytesSent]]);
    metric('itmchat_frames_received_total', 'counter', 'Frames received from clients.', [['', this.framesReceived]]);
    metric('itmchat_bad_frames_total', 'counter', 'Malformed frames received.', [['', this.badFrames]]);
    metric('itmchat_joins_total', 'counter', 'Visitors joined with identify.', [['', this.joins]]);
    metric('itmchat_messages_received_total', 'counter', 'Says received and accepted for storing (retries of a stored cid included).', [
      ['', this.saysReceived],
    ]);
    metric('itmchat_messages_stored_total', 'counter', 'Chat messages numbered and stored.', [['', this.messagesStored]]);
    metric(
      'itmchat_messages_delivered_total',
      'counter',
      'Chat messages sent to visitors, live and as backlog, each delivery counted once.',
      [['', delivered]],
    );
    metric('itmchat_resumes_total', 'counter', 'Sessions resumed with a token.', [['', this.resumes]]);
    metric(
      'itmchat_backlog_messages_total',
      'counter',
      'Messages sent as catch-up, by what asked for them (resume: the messages a visitor missed; history: older ones scrolled back to).',
      [
        ['{kind="join"}', this.backlogMessages.join],
        ['{kind="resume"}', this.backlogMessages.resume],
        ['{kind="goto"}', this.backlogMessages.goto],
        ['{kind="history"}', this.backlogMessages.history],
      ],
    );
    metric('itmchat_gaps_total', 'counter', 'Gaps told to clients: messages trimmed from history, or a new epoch.', [
      ['{reason="trimmed"}', this.gaps.trimmed],
      ['{reason="epoch"}', this.gaps.epoch],
    ]);
    metric('itmchat_store_seconds', 'histogram', 'Time of store calls (append: a turn of says; read: a backlog; place: loading a place).', [
      ...this.#store.append.samples('op="append"'),
      ...this.#store.read.samples('op="read"'),
      ...this.#store.place.samples('op="place"'),
    ]);
    metric('itmchat_rate_limited_total', 'counter', 'Calls refused with RATE_LIMITED.', [['', this.rateLimited]]);
    metric('itmchat_slow_readers_total', 'counter', 'Connections dropped for reading too slowly.', [['', this.slowReaders]]);
    metric('itmchat_connections_refused_total', 'counter', 'WebSocket upgrades refused over the per-IP cap.', [
      ['', this.connectionsRefused],
    ]);
    metric('itmchat_http_sockets_refused_total', 'counter', 'Plain HTTP sockets closed over the per-IP cap.', [
      ['', this.httpSocketsRefused],
    ]);
    const perVisitor = (pick: (s: VisitorStats) => number): [string, number][] =>
      sessions.map((s) => [`{nick="${escapeLabel(s.nick)}"}`, pick(s.stats)]);
    metric('itmchat_sessions', 'gauge', 'Joined visitors, including those inside their reconnect grace period.', [['', sessions.length]]);
    if (!nicks) return lines.join('\n') + '\n';
    metric(
      'itmchat_visitor_connections_total',
      'counter',
      'Connections a visitor session has used.',
      perVisitor((s) => s.connections),
    );
    metric(
      'itmchat_visitor_frames_sent_total',
      'counter',
      'Frames sent to a visitor session.',
      perVisitor((s) => s.framesSent),
    );
    metric(
      'itmchat_visitor_bytes_sent_total',
      'counter',
      'Bytes sent to a visitor session.',
      perVisitor((s) => s.bytesSent),
    );
    metric(
      'itmchat_visitor_messages_sent_total',
      'counter',
      'Chat messages delivered to a visitor session.',
      perVisitor((s) => s.messagesSent),
    );
    return lines.join('\n') + '\n';
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
