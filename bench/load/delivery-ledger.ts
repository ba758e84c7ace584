/** What the ledger found once the run is over. */
export interface DeliveryCheck {
  /**
   * Deliveries that never happened: for each recipient, numbers of its place it never got (its
   * own says aside), plus every say no recipient ever saw, once per member who should have.
   */
  readonly lost: number;
  /** Extra copies: a number received twice by one recipient, or a say sent back to its author. */
  readonly duplicated: number;
  /** Messages that arrived with a lower number than one this recipient already had. */
  readonly outOfOrder: number;
  /** Says sent that no recipient ever saw (their misses are in `lost` too). */
  readonly unseen: number;
}

/** Largest number accepted, so a server sending garbage cannot make the ledger allocate without end. */
const MAX_SEQ = 50_000_000;

/**
 * Who got which number: per recipient, how many times each seq of its place arrived; per place,
 * which sender each seq came from; per sender, which of its lines anyone saw. Every recipient must
 * see every seq of its place once, except its own; numbering is per place on every server.
 */
export class DeliveryLedger {
  readonly #placeOf: readonly number[];
  readonly #members: number[];
  readonly #received: Uint8Array[];
  readonly #lastSeq: Int32Array;
  readonly #authors: Int32Array[];
  readonly #head: Int32Array;
  readonly #sent: Int32Array;
  readonly #seenLines: Uint8Array[];
  #outOfOrder = 0;
  #echoes = 0;
  #deliveries = 0;

  /** `placeOf[client]` is the client's place (0 … places-1); senders are clients 0 … senders-1. */
  constructor(placeOf: readonly number[], places: number, senders: number) {
    this.#placeOf = placeOf;
    this.#members = Array.from({ length: places }, (_, p) => placeOf.filter((q) => q === p).length);
    this.#received = placeOf.map(() => new Uint8Array(1024));
    this.#lastSeq = new Int32Array(placeOf.length);
    this.#authors = Array.from({ length: places }, () => new Int32Array(1024));
    this.#head = new Int32Array(places);
    this.#sent = new Int32Array(senders);
    this.#seenLines = Array.from({ length: senders }, () => new Uint8Array(1024));
  }

  /** Every message delivered so far, to anyone. */
  get deliveries(): number {
    return this.#deliveries;
  }

  sentBy(sender: number): number {
    return this.#sent[sender]!;
  }

  noteSent(sender: number): void {
    this.#sent[sender]! += 1;
  }

  /** Deliveries due for everything sent so far: each say once to every other member of its place. */
  expectedDeliveries(): number {
    let total = 0;
    for (let s = 0; s < this.#sent.length; s += 1) total += this.#sent[s]! * (this.#members[this.#placeOf[s]!]! - 1);
    return total;
  }

  record(recipient: number, seq: number, sender: number, counter: number): void {
    this.#deliveries += 1;
    if (!(seq >= 1 && seq <= MAX_SEQ) || !(sender >= 0 && sender < this.#sent.length) || !(counter >= 0 && counter <= MAX_SEQ)) {
      return;
    }
    if (sender === recipient) this.#echoes += 1;
    const place = this.#placeOf[recipient]!;
    const received = (this.#received[recipient] = fit(this.#received[recipient]!, seq));
    if (received[seq]! < 255) received[seq]! += 1;
    if (seq < this.#lastSeq[recipient]!) this.#outOfOrder += 1;
    else this.#lastSeq[recipient] = seq;
    const authors = (this.#authors[place] = fit(this.#authors[place]!, seq));
    authors[seq] = sender + 1;
    if (seq > this.#head[place]!) this.#head[place] = seq;
    const seen = (this.#seenLines[sender] = fit(this.#seenLines[sender]!, counter));
    seen[counter] = 1;
  }

  check(): DeliveryCheck {
    let lost = 0;
    let duplicated = this.#echoes;
    for (let recipient = 0; recipient < this.#placeOf.length; recipient += 1) {
      const place = this.#placeOf[recipient]!;
      const authors = this.#authors[place]!;
      const received = this.#received[recipient]!;
      for (let seq = 1; seq <= this.#head[place]!; seq += 1) {
        const author = authors[seq]! - 1;
        // A number nobody received has no known author: it is counted below, as a line nobody saw.
        if (author < 0 || author === recipient) continue;
        const count = received[seq] ?? 0;
        if (count === 0) lost += 1;
        else duplicated += count - 1;
      }
    }
    let unseen = 0;
    for (let sender = 0; sender < this.#sent.length; sender += 1) {
      const seen = this.#seenLines[sender]!;
      let missing = 0;
      for (let counter = 0; counter < this.#sent[sender]!; counter += 1) if (!seen[counter]) missing += 1;
      unseen += missing;
      lost += missing * (this.#members[this.#placeOf[sender]!]! - 1);
    }
    return { lost, duplicated, outOfOrder: this.#outOfOrder, unseen };
  }
}

/** The same array, or a copy twice as long, so that `index` fits. */
function fit<T extends Uint8Array | Int32Array>(array: T, index: number): T {
  if (index < array.length) return array;
  let length = array.length;
  while (length <= index) length *= 2;
  const grown = new (array.constructor as new (n: number) => T)(length);
  grown.set(array);
  return grown;
}
