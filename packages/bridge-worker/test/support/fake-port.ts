import type { BridgeEvent, WorkerMessage } from '@itmchat/protocol';
import type { PagePort } from '../../src/ports.js';

type EventOf<T extends BridgeEvent['type']> = Extract<BridgeEvent, { type: T }>;

/** A page's MessagePort as the worker sees it: records what is posted (structured-cloned, as a real port would). */
export class FakePort implements PagePort {
  readonly posted: WorkerMessage[] = [];
  closed = false;
  postedAfterClose = 0;

  post(message: WorkerMessage): void {
    if (this.closed) this.postedAfterClose++;
    this.posted.push(structuredClone(message));
  }

  close(): void {
    this.closed = true;
  }

  clear(): void {
    this.posted.length = 0;
  }

  events<T extends BridgeEvent['type']>(type: T): EventOf<T>[] {
    return this.posted.flatMap((m) => (m.kind === 'event' && m.event.type === type ? [m.event as EventOf<T>] : []));
  }

  get allEvents(): BridgeEvent[] {
    return this.posted.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
  }

  welcomes(): Extract<WorkerMessage, { kind: 'welcome' }>[] {
    return this.posted.filter((m): m is Extract<WorkerMessage, { kind: 'welcome' }> => m.kind === 'welcome');
  }

  /** The result or error answering call `id`, if any. */
  answer(id: number): Extract<WorkerMessage, { kind: 'result' | 'error' }> | undefined {
    return this.posted.find(
      (m): m is Extract<WorkerMessage, { kind: 'result' | 'error' }> => (m.kind === 'result' || m.kind === 'error') && m.id === id,
    );
  }

  /** Errors posted, whatever their id. */
  errors(): Extract<WorkerMessage, { kind: 'error' }>[] {
    return this.posted.filter((m): m is Extract<WorkerMessage, { kind: 'error' }> => m.kind === 'error');
  }
}
