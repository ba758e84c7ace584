import { expect } from 'chai';
import { DeliveryLedger } from '../bench/load/delivery-ledger.js';

// The bench smoke test asserts zero loss with this ledger; these show it would notice.
describe('the benchmark delivery ledger', () => {
  // Four clients in one place; clients 0 and 1 say lines.
  const placeOf = [0, 0, 0, 0];
  const sayAll = (
    ledger: DeliveryLedger,
    lines: { sender: number; seq: number }[],
    skip: (recipient: number, seq: number) => boolean = () => false,
  ) => {
    const counters = [0, 0];
    for (const { sender, seq } of lines) {
      ledger.noteSent(sender);
      const counter = counters[sender]!++;
      for (let r = 0; r < placeOf.length; r += 1) if (r !== sender && !skip(r, seq)) ledger.record(r, seq, sender, counter);
    }
  };
  const lines = [
    { sender: 0, seq: 1 },
    { sender: 1, seq: 2 },
    { sender: 0, seq: 3 },
  ];

  it('finds nothing wrong when every other member got every line once', () => {
    const ledger = new DeliveryLedger(placeOf, 1, 2);
    sayAll(ledger, lines);
    expect(ledger.check()).to.deep.equal({ lost: 0, duplicated: 0, outOfOrder: 0, unseen: 0 });
    expect(ledger.deliveries).to.equal(ledger.expectedDeliveries());
  });

  it('counts a number one recipient missed', () => {
    const ledger = new DeliveryLedger(placeOf, 1, 2);
    sayAll(ledger, lines, (r, seq) => r === 3 && seq === 2);
    expect(ledger.check().lost).to.equal(1);
  });

  it('counts a line nobody got, once per member who should have', () => {
    const ledger = new DeliveryLedger(placeOf, 1, 2);
    sayAll(ledger, lines, (_r, seq) => seq === 3);
    expect(ledger.check()).to.include({ lost: 3, unseen: 1 });
  });

  it('counts duplicates, echoes to the author and numbers going backwards', () => {
    const ledger = new DeliveryLedger(placeOf, 1, 2);
    sayAll(ledger, lines);
    ledger.record(2, 2, 1, 0); // again, and after 3
    ledger.record(0, 1, 0, 0); // its own line back
    expect(ledger.check()).to.include({ lost: 0, duplicated: 2, outOfOrder: 2 });
  });
});
