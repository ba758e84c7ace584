import {
  BridgeErrorCode,
  CallError,
  ErrorCode,
  type ChatMessage,
  type Command,
  type PendingLine,
  type WorkerCommandResult,
} from '@itmchat/protocol';
import { nameKey } from '@itmchat/protocol';

export interface WorkerCommandDeps {
  /** Queues a line in the outbox; resolves once numbered. */
  readonly say: (text: string, as: Pick<PendingLine, 'kind' | 'to'>) => Promise<ChatMessage>;
  /** Whoever sent the newest private line to this visitor, for -r. */
  readonly lastFrom: () => string | null;
  readonly ignored: () => readonly string[];
  /** Whom this browser hides from now on (stored, and told to every page). */
  readonly setIgnored: (nicks: readonly string[]) => void;
}

/**
 * The commands the worker carries out itself (see `runsInWorker`): -me, -msg and -r go out as
 * lines, through the outbox (a cid, retried, numbered, never lost); -query and -ignore need no
 * server at all.
 */
export async function runWorkerCommand(deps: WorkerCommandDeps, command: Command): Promise<WorkerCommandResult> {
  switch (command.name) {
    case 'me':
      return { command: 'said', message: await deps.say(command.text, { kind: 'action' }) };
    case 'msg':
      return { command: 'said', message: await deps.say(command.text, { to: command.nick }) };
    case 'reply': {
      const to = deps.lastFrom();
      if (!to) throw new CallError(ErrorCode.CommandUsage, 'no private line to answer yet; use -msg <nick> <text>');
      return { command: 'said', message: await deps.say(command.text, { to }) };
    }
    case 'query':
      return { command: 'query', nick: command.nick };
    case 'ignore':
    case 'unignore': {
      const nick = command.nick;
      if (nick === undefined) return { command: 'ignore', ignored: deps.ignored() };
      const others = deps.ignored().filter((n) => nameKey(n) !== nameKey(nick));
      const ignored = command.name === 'ignore' ? [...others, nick] : others;
      deps.setIgnored(ignored);
      return { command: 'ignore', ignored };
    }
    default:
      throw new CallError(BridgeErrorCode.BadMessage, `-${command.name} is the server's to run`);
  }
}
