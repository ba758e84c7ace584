import { expect } from 'chai';
import Database from 'better-sqlite3';
import { startCliServer, type CliServer } from './support/cli-server.js';
import { TestClient } from './support/test-client.js';
import { removeTempFiles, tempDataFile } from './support/test-server.js';

interface StoredRow {
  readonly seq: number;
  readonly cid: string;
  readonly text: string;
}

const wsUrl = (server: CliServer) => `${server.url.replace(/^http/, 'ws')}/ws`;

describe('crash durability (the real CLI, killed with SIGKILL)', function () {
  this.timeout(30_000);
  const servers: CliServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) server.child.kill('SIGKILL');
    removeTempFiles();
  });

  it('keeps every acknowledged say with its number, and numbers on after a restart', async () => {
    const dataFile = tempDataFile();
    const args = ['--data', dataFile, '--history', '100000'];
    const first = await startCliServer(args);
    servers.push(first);

    const CLIENTS = 4;
    const SAYS_EACH = 1500;
    const KILL_AFTER = 1000;
    const acked = new Map<string, { seq: number; text: string }>();
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const client = await TestClient.connect(wsUrl(first));
        await client.call('identify', { nick: `flood${i}`, place: 'lobby' });
        return client;
      }),
    );

    let killed!: () => void;
    const killNow = new Promise<void>((resolve) => (killed = resolve));
    const floods = clients.map((client, i) =>
      Promise.allSettled(
        Array.from({ length: SAYS_EACH }, (_, n) => {
          const cid = `flood${i}-${n}`;
          const text = `flood ${i} line ${n} ✓`;
          return client.call('say', { text, cid }).then((said) => {
            acked.set(cid, { seq: said.seq, text });
            if (acked.size === KILL_AFTER) killed();
          });
        }),
      ),
    );
    await killNow;
    first.child.kill('SIGKILL');
    await Promise.all(floods);
    const ackedAtKill = acked.size;
    expect(ackedAtKill)
      .to.be.at.least(KILL_AFTER)
      .and.below(CLIENTS * SAYS_EACH);
    expect(new Set([...acked.values()].map((a) => a.seq)).size, 'acknowledged numbers are distinct').to.equal(ackedAtKill);

    const second = await startCliServer(args);
    servers.push(second);
    const after = await TestClient.connect(wsUrl(second));
    await after.call('identify', { nick: 'survivor', place: 'lobby' });
    const next = await after.call('say', { text: 'after the crash', cid: 'after-1' });
    await after.close();
    expect(await second.stop()).to.equal(0);

    const db = new Database(dataFile, { readonly: true, fileMustExist: true });
    const rows = db
      .prepare(
        "SELECT m.seq AS seq, m.cid AS cid, m.text AS text FROM messages m JOIN places p ON p.id = m.place_id WHERE p.name = 'lobby' ORDER BY m.seq",
      )
      .all() as StoredRow[];
    db.close();
    const before = rows.filter((r) => r.cid !== 'after-1');
    const byCid = new Map(before.map((r) => [r.cid, r]));

    for (const [cid, { seq, text }] of acked) {
      expect(byCid.get(cid), `acknowledged ${cid} stored`).to.deep.equal({ seq, cid, text });
    }
    const seqs = rows.map((r) => r.seq);
    expect(new Set(seqs).size, 'no number used twice').to.equal(seqs.length);
    const last = Math.max(...before.map((r) => r.seq));
    expect(
      before.map((r) => r.seq),
      'numbers 1…last, no holes',
    ).to.deep.equal(Array.from({ length: last }, (_, i) => i + 1));
    expect(next.seq, 'numbering continues after the last stored').to.equal(last + 1);
    expect(rows.at(-1)).to.deep.include({ seq: next.seq, text: 'after the crash' });

    console.log(`      crash test: ${ackedAtKill} acknowledged, ${before.length} stored, next number ${next.seq}`);
  });
});
