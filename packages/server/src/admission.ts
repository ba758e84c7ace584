import { ErrorCode } from '@itmchat/protocol';
import type { Directory } from './backplane/directory.js';
import { ChatError } from './chat-error.js';
import type { Rooms } from './rooms.js';
import type { Session } from './session.js';
import type { SessionTable } from './session-table.js';

export interface AdmissionDeps {
  readonly rooms: Rooms;
  readonly sessions: SessionTable;
  readonly directory: Pick<Directory, 'trouble'>;
  /** Sessions one address may hold here, those in grace included (0: no cap). */
  readonly maxSessionsPerIp: number;
  /** Lets a session go as if its grace period had run out. */
  readonly letGo: (session: Session) => void;
}

/**
 * What must hold before a visitor takes a session or enters a place on this node: room under the
 * caps, and a cluster that can take them. Where a cap is reached, what visitors left behind in
 * their grace period gives way first, so sessions abandoned on purpose cannot crowd out the people here.
 */
export class Admission {
  constructor(private readonly deps: AdmissionDeps) {}

  /**
   * Room for `place` under the places cap: a place held only by visitors in their grace period
   * gives way (they go as if their grace had run out). The default place is never refused.
   */
  placeFor(place: string): void {
    const { rooms, letGo } = this.deps;
    if (!rooms.full(place)) return;
    const idle = rooms.idleRoom();
    if (idle) for (const session of [...idle.members.values()]) letGo(session);
    rooms.assertRoomFor(place);
  }

  /**
   * Room for one more session of `address`: over the bound, its oldest session in grace goes. Live
   * sessions are bounded by the socket cap; with none in grace the join is refused RATE_LIMITED.
   */
  sessionFor(address: string): void {
    const max = this.deps.maxSessionsPerIp;
    const held = this.deps.sessions.ofAddress(address);
    if (max <= 0 || held.size < max) return;
    const idle = [...held].find((session) => !session.peer);
    if (!idle) throw new ChatError(ErrorCode.RateLimited, `this address already holds ${max} visitors; try again later`);
    this.deps.letGo(idle);
  }

  /** Joins and moves need the shared store: refused while it is out of reach, rather than half done. */
  assertHealthy(): void {
    const trouble = this.deps.directory.trouble();
    if (trouble) throw new ChatError(ErrorCode.StoreUnavailable, `the chat cannot take visitors right now (${trouble}); try again shortly`);
  }
}
