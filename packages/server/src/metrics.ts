import type { Chat } from './chat.js';

/** What one visitor's session was sent, over all its connections: proof of "nothing sent twice". */
export class VisitorStats {
  connections = 0;
  framesSent = 0;
  bytesSent = 0;
  /** Chat messages delivered to this visitor (live and backlog), each counted once per delivery. */
  messagesSent = 0;
}

/** Server-wide counters, read by /metrics in the Prometheus text format. */
export class ServerMetrics {
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

  /** The exposition text. Per-visitor series cover the sessions that exist now, so their number stays bounded. */
  render(chat: Chat, openConnections: number): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric('itmchat_connections', 'gauge', 'Open WebSocket connections.', [['', openConnections]]);
    metric('itmchat_connections_opened_total', 'counter', 'WebSocket connections accepted.', [['', this.connectionsOpened]]);
    metric('itmchat_frames_sent_total', 'counter', 'Frames sent to clients.', [['', this.framesSent]]);
    metric('itmchat_bytes_sent_total', 'counter', 'Bytes of frame payload sent to clients.', [['', this.bytesSent]]);
    metric('itmchat_frames_received_total', 'counter', 'Frames received from clients.', [['', this.framesReceived]]);
    metric('itmchat_bad_frames_total', 'counter', 'Malformed frames received.', [['', this.badFrames]]);
    metric('itmchat_messages_stored_total', 'counter', 'Chat messages numbered and stored.', [['', this.messagesStored]]);
    metric('itmchat_resumes_total', 'counter', 'Sessions resumed with a token.', [['', this.resumes]]);
    metric('itmchat_rate_limited_total', 'counter', 'Calls refused with RATE_LIMITED.', [['', this.rateLimited]]);
    metric('itmchat_slow_readers_total', 'counter', 'Connections dropped for reading too slowly.', [['', this.slowReaders]]);
    metric('itmchat_connections_refused_total', 'counter', 'WebSocket upgrades refused over the per-IP cap.', [['', this.connectionsRefused]]);
    const sessions = [...chat.sessions()];
    const perVisitor = (pick: (s: VisitorStats) => number): [string, number][] =>
      sessions.map((s) => [`{nick="${escapeLabel(s.nick)}"}`, pick(s.stats)]);
    metric('itmchat_sessions', 'gauge', 'Joined visitors, including those inside their reconnect grace period.', [['', sessions.length]]);
    metric('itmchat_visitor_connections_total', 'counter', 'Connections a visitor session has used.', perVisitor((s) => s.connections));
    metric('itmchat_visitor_frames_sent_total', 'counter', 'Frames sent to a visitor session.', perVisitor((s) => s.framesSent));
    metric('itmchat_visitor_bytes_sent_total', 'counter', 'Bytes sent to a visitor session.', perVisitor((s) => s.bytesSent));
    metric('itmchat_visitor_messages_sent_total', 'counter', 'Chat messages delivered to a visitor session.', perVisitor((s) => s.messagesSent));
    return lines.join('\n') + '\n';
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
