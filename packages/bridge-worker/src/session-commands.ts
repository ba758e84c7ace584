import {
  BridgeErrorCode,
  CallError,
  checkCommandArguments,
  nameKey,
  parseCommand,
  refusalOf,
  runsInWorker,
  type BridgeEvent,
  type CommandResult,
  type PlaceState,
  type WorkerCommandResult,
} from '@itmchat/protocol';
import type { Outbox } from './outbox.js';
import { lastSeq, type PlaceLog } from './place-log.js';
import type { PlaceView } from './place-view.js';
import type { PrivateTalk } from './private-talk.js';
import type { ServerLink } from './server-link.js';
import type { StoredSession } from './storage.js';
import { runWorkerCommand, type WorkerCommandDeps } from './worker-commands.js';

export interface SessionCommandsDeps {
  readonly session: () => StoredSession | null;
  /** The server link while joined; null otherwise. */
  readonly link: () => ServerLink | null;
  readonly view: PlaceView;
  readonly outbox: Outbox;
  readonly private: PrivateTalk;
  readonly loadLog: (place: string) => Promise<PlaceLog | null>;
  /** Changes the stored session (and tells the pages its nick when `told`). */
  readonly saveSession: (change: Partial<StoredSession>, told?: boolean) => void;
  readonly emit: (event: BridgeEvent) => void;
  /** -goto's reply came: the session is in `place` now, with the log this browser `held` of it, if any. */
  readonly moved: (place: PlaceState, held: PlaceLog | null) => void;
}

/**
 * The visitor's command lines: the worker runs those `runsInWorker` names, the server the rest.
 * Either way the answer or the refusal goes into the log as a note (every page shows it, and it
 * stays), and what the server's -nick, -away and -goto change of the session this browser keeps.
 */
export class SessionCommands {
  constructor(private readonly deps: SessionCommandsDeps) {}

  /** Runs `line` as the visitor; its answer or refusal is noted in the log. */
  run(line: string): Promise<CommandResult | WorkerCommandResult> {
    return this.#command(line).then(
      (result) => {
        // A line said (-me, -msg, -r) is in the log as itself; a note would say it twice.
        if (result.command !== 'said') this.deps.view.note({ kind: 'reply', result });
        return result;
      },
      (error: unknown) => {
        const refusal = refusalOf(error);
        if (refusal) this.deps.view.note({ kind: 'commandError', error: refusal });
        throw error;
      },
    );
  }

  async #command(line: string): Promise<CommandResult | WorkerCommandResult> {
    const link = this.deps.link();
    if (!this.deps.session()) throw new CallError(BridgeErrorCode.NotJoined, 'join the chat first');
    const parsed = parseCommand(line);
    // Before the link is asked for: a line said offline waits in the outbox like any other.
    if (parsed.ok && runsInWorker(parsed.command)) {
      const checked = checkCommandArguments(parsed.command);
      if (!checked.ok) throw new CallError(checked.code, checked.message);
      return runWorkerCommand(this.#workerCommands, checked.command);
    }
    if (!link) throw new CallError(BridgeErrorCode.Offline, 'the chat is reconnecting; try again in a moment');
    if (parsed.ok && parsed.command.name === 'goto') return { command: 'goto', place: await this.#goto(link, parsed.command.place) };
    const result = await link.call('command', { line });
    if (result.command === 'nick') this.deps.saveSession({ nick: result.nick }, true);
    // The server tells the others; this browser's own pages learn it here.
    const session = this.deps.session();
    if (result.command === 'away' && session) this.deps.view.awayChanged({ place: session.place, nick: session.nick, away: result.away });
    return result;
  }

  readonly #workerCommands: WorkerCommandDeps = {
    say: (text, as) => this.deps.outbox.add(text, as),
    lastFrom: () => this.deps.private.lastFrom(this.deps.session()?.nick ?? ''),
    ignored: () => this.deps.session()?.ignored ?? [],
    setIgnored: (nicks) => {
      this.deps.saveSession({ ignored: nicks });
      this.deps.emit({ type: 'ignored', nicks });
    },
  };

  /** -goto through the goto call, so the server sends only what this browser lacks of the place. */
  async #goto(link: ServerLink, rawPlace: string) {
    const key = nameKey(rawPlace);
    const current = this.deps.view.log;
    const held = key === current?.place ? current : await this.deps.loadLog(key).catch(() => null);
    const since = held ? { seq: lastSeq(held), epoch: held.epoch } : undefined;
    const place = await link.call('goto', since ? { place: rawPlace, since } : { place: rawPlace });
    this.deps.moved(place, held);
    return place;
  }
}
