import { expect } from 'chai';
import { SignJWT } from 'jose';
import { TestCluster, eventually, range } from './cluster.js';

/** Several itmchat-server processes on one throw-away redis-server (docs/scaling.md). */
describe('cluster: several server processes on one Redis', function () {
  this.timeout(30_000);
  const cluster = new TestCluster();

  before(async () => {
    await cluster.startRedis();
  });
  afterEach(async () => {
    await cluster.stopNodes();
  });
  after(async () => {
    await cluster.stop();
  });

  it('numbers concurrent says on every node as one gap-free sequence, delivered to every member in order, exactly once', async () => {
    const nodes = await cluster.start(3);
    const clients = await Promise.all(nodes.flatMap((node, n) => [node.joined(`a${n}`), node.joined(`b${n}`)]));
    await eventually(async () =>
      expect(await clients[0]!.call('command', { line: '-folks' }))
        .to.have.property('members')
        .with.length(6),
    );
    const perClient = 20;
    // Every client pipelines its says at once: the nodes append concurrently.
    const said = await Promise.all(
      clients.map((c, i) => Promise.all(range(1, perClient).map((k) => c.call('say', { text: `${i}:${k}`, cid: `${i}-${k}` })))),
    );
    const total = clients.length * perClient;
    expect(
      said
        .flat()
        .map((s) => s.seq)
        .sort((a, b) => a - b),
    ).to.deep.equal(range(1, total));
    for (const [i, own] of said.entries()) {
      expect(
        own.map((s) => s.seq),
        "a client's says keep their order",
      ).to.deep.equal([...own.map((s) => s.seq)].sort((a, b) => a - b));
      const client = clients[i]!;
      const ownSeqs = new Set(own.map((s) => s.seq));
      await client.until(() => client.seqs('lobby').length >= total - perClient, `client ${i}: everyone else's messages`, 10_000);
      await client.call('command', { line: '-where' });
      expect(client.seqs('lobby'), `client ${i}`).to.deep.equal(range(1, total).filter((seq) => !ownSeqs.has(seq)));
      const texts = client
        .pushesOf('userSay')
        .flatMap((p) => p.messages)
        .map((m) => `${m.seq} ${m.text}`);
      const allTexts = said.flatMap((own, j) => own.map((s, k) => `${s.seq} ${j}:${k + 1}`));
      expect(allTexts).to.include.members(texts);
    }
  });

  it('tells members on every node who joins, moves and leaves, in order with the messages', async () => {
    const [one, two] = await cluster.start(2);
    const ana = await one!.joined('ana');
    const bob = await two!.joined('bob');
    await ana.until(() => ana.pushesOf('userJoin').some((j) => j.nick === 'bob'), 'bob joined on the other node');
    await bob.call('say', { text: 'bye', cid: 'bye' });
    await bob.call('command', { line: '-goto kitchen' });
    await ana.until(() => ana.pushesOf('userLeave').length === 1, 'bob moved');
    expect(ana.pushesOf('userLeave')).to.deep.equal([{ place: 'lobby', nick: 'bob', reason: 'moved', to: 'kitchen' }]);
    const order = ana.pushes.map((p) => p.method).filter((m) => m === 'userSay' || m === 'userLeave');
    expect(order).to.deep.equal(['userSay', 'userLeave']);
    expect(bob.pushesOf('userJoin'), 'no notice about oneself').to.deep.equal([]);
  });

  it('keeps nicks unique across nodes, including during the grace period, and frees them on leave', async () => {
    const nodes = await cluster.start(3, ['--grace', '5000']);
    const racers = await Promise.all(nodes.map((node) => node.client()));
    const outcomes = await Promise.allSettled(racers.map((c) => c.call('identify', { nick: 'Zoë' })));
    expect(
      outcomes.filter((o) => o.status === 'fulfilled'),
      'exactly one node gives out the nick',
    ).to.have.length(1);
    const winner = racers[outcomes.findIndex((o) => o.status === 'fulfilled')]!;
    const other = nodes[(outcomes.findIndex((o) => o.status === 'fulfilled') + 1) % 3]!;
    expect(await (await other.client()).refusal('identify', { nick: 'ZOË' })).to.equal('NICK_TAKEN');

    await winner.close(); // grace: still reserved everywhere
    expect(await (await other.client()).refusal('identify', { nick: 'zoë' })).to.equal('NICK_TAKEN');

    const ana = await nodes[0]!.joined('ana');
    // A confusable look-alike is the same nick on every node (the Redis claim is on its skeleton key).
    expect(await (await nodes[1]!.client()).refusal('identify', { nick: '\u0430na' })).to.equal('NICK_TAKEN');
    expect(await (await nodes[2]!.client()).refusal('identify', { nick: 'ANA' })).to.equal('NICK_TAKEN');
    await ana.call('leave', {});
    const again = await nodes[1]!.client();
    expect((await again.call('identify', { nick: 'ANA' })).nick).to.equal('ANA');
  });

  it('answers -folks, -all folks, -places and -where is for the whole cluster', async () => {
    const [one, two, three] = await cluster.start(3);
    const ana = await one!.joined('ana');
    await two!.joined('bob');
    await three!.joined('cat', 'kitchen');
    await eventually(async () => {
      expect(await ana.call('command', { line: '-folks' })).to.deep.equal({ command: 'folks', place: 'lobby', members: ['ana', 'bob'] });
    });
    expect(await ana.call('command', { line: '-all folks' })).to.deep.equal({
      command: 'allFolks',
      folks: [
        { nick: 'cat', place: 'kitchen' },
        { nick: 'ana', place: 'lobby' },
        { nick: 'bob', place: 'lobby' },
      ],
    });
    expect(await ana.call('command', { line: '-places' })).to.deep.equal({
      command: 'places',
      places: [
        { name: 'kitchen', count: 1 },
        { name: 'lobby', count: 2 },
      ],
    });
    expect(await ana.call('command', { line: '-where is CAT' })).to.deep.equal({ command: 'whereIs', nick: 'cat', place: 'kitchen' });
    expect(await ana.call('command', { line: '-where is nobody' })).to.deep.equal({ command: 'whereIs', nick: 'nobody', place: null });
  });

  it('resumes a session on another node after its node is killed (SIGKILL), with exactly what was missed', async () => {
    const [one, two] = await cluster.start(2);
    const ana = await one!.client();
    const joined = await ana.call('identify', { nick: 'ana' });
    const bob = await two!.joined('bob');
    await bob.call('say', { text: 'one', cid: 'b1' });
    await ana.until(() => ana.seqs('lobby').length === 1, 'first message');
    one!.server.child.kill('SIGKILL');
    await ana.closed;
    for (const k of [2, 3, 4]) await bob.call('say', { text: `more ${k}`, cid: `b${k}` });

    const back = await two!.client();
    const resumed = await back.call('resume', { token: joined.token, since: [{ place: 'lobby', seq: 1, epoch: joined.place.epoch }] });
    expect(resumed).to.include({ nick: 'ana' });
    expect(resumed.token, 'a new token on resume').to.not.equal(joined.token);
    expect(resumed.place).to.include({ name: 'lobby', epoch: joined.place.epoch, head: 4 });
    expect(resumed.place.members).to.deep.equal(['ana', 'bob']);
    await back.until(() => back.seqs('lobby').length === 3, 'the three missed');
    await bob.call('say', { text: 'welcome back', cid: 'b5' });
    await back.until(() => back.seqs('lobby').length === 4, 'live again');
    expect(back.seqs('lobby')).to.deep.equal([2, 3, 4, 5]);
    expect(back.pushesOf('gap')).to.deep.equal([]);
    expect(bob.pushesOf('userLeave'), 'a resume is not a leave').to.deep.equal([]);
  });

  it('rotates tokens cluster-wide: a token used on one node, or left behind by a rotation on another, works nowhere', async () => {
    const [one, two] = await cluster.start(2);
    const first = await one!.client();
    const joined = await first.call('identify', { nick: 'ana' });
    const refusedEverywhere = async (token: string, what: string) => {
      for (const node of [one!, two!]) expect(await (await node.client()).refusal('resume', { token }), what).to.equal('UNKNOWN_SESSION');
    };
    // Resumed on the same node: the new digest must reach Redis, or node two would still take the old token.
    const again = await one!.client();
    const sameNode = (await again.call('resume', { token: joined.token })).token;
    expect(await first.closed).to.deep.include({ code: 4003 });
    await refusedEverywhere(joined.token, 'token rotated on node one');
    // Taken over by node two: the old token stops working there and on node one.
    const moved = await two!.client();
    const otherNode = (await moved.call('resume', { token: sameNode })).token;
    expect(await again.closed).to.deep.include({ code: 4003 });
    await refusedEverywhere(sameNode, 'token rotated on node two');
    // And the newest token still works, back on node one.
    const home = await one!.client();
    expect(await home.call('resume', { token: otherNode })).to.include({ nick: 'ana' });
    expect((await home.call('say', { text: 'home', cid: 'h' })).seq).to.equal(1);
  });

  it("drops a crashed node's visitors from presence within 1.5 × --node-ttl", async () => {
    const ttl = 600;
    const [one, two] = await cluster.start(2, ['--node-ttl', String(ttl)]);
    await one!.joined('cat');
    const bob = await two!.joined('bob');
    await eventually(async () =>
      expect(await bob.call('command', { line: '-folks' }))
        .to.have.property('members')
        .deep.equal(['cat', 'bob']),
    );
    const killed = Date.now();
    one!.server.child.kill('SIGKILL');
    await bob.until(() => bob.pushesOf('userLeave').length === 1, "cat's leave", 1.5 * ttl + 1_000);
    expect(Date.now() - killed).to.be.below(1.5 * ttl + 500);
    expect(bob.pushesOf('userLeave')).to.deep.equal([{ place: 'lobby', nick: 'cat', reason: 'timeout' }]);
    expect(await bob.call('command', { line: '-folks' })).to.deep.equal({ command: 'folks', place: 'lobby', members: ['bob'] });
  });

  it('is unready (but alive) and refuses joins and says while Redis is away, and recovers by itself when it returns', async () => {
    const [one, two] = await cluster.start(2);
    const ana = await one!.client();
    const joined = await ana.call('identify', { nick: 'ana' });
    const bob = await two!.client();
    const bobJoined = await bob.call('identify', { nick: 'bob' });
    await bob.call('say', { text: 'before', cid: 'before' });
    await ana.until(() => ana.seqs('lobby').length === 1, 'before');

    await cluster.redis!.stop();
    for (const node of [one!, two!]) {
      await eventually(async () => {
        const readiness = await node.readiness();
        expect(readiness.status).to.equal(503);
        expect(readiness.body).to.include({ status: 'unready' });
        expect(readiness.body['reason']).to.match(/redis/);
        const health = await fetch(`${node.server.url}/healthz`);
        expect(health.status, 'alive: no reason to restart the process').to.equal(200);
        expect(await health.json()).to.include({ status: 'ok', redis: 'down' });
      });
    }
    expect(await bob.refusal('say', { text: 'lost?', cid: 'during' })).to.equal('STORE_UNAVAILABLE');
    expect(await bob.refusal('command', { line: '-folks' }), 'a command that needs the directory').to.equal('STORE_UNAVAILABLE');
    expect(await (await two!.client()).refusal('identify', { nick: 'cat' })).to.equal('STORE_UNAVAILABLE');

    await cluster.redis!.restart(); // empty: this throw-away Redis keeps nothing, so the lobby starts a new epoch
    for (const node of [one!, two!]) await eventually(async () => expect((await node.readiness()).status).to.equal(200));
    // Each node finds its rooms' history restarted and asks their members to resume.
    const closed = await ana.closed;
    expect(closed.code).to.equal(1011);
    const back = await one!.client();
    const resumed = await eventually(() =>
      back.call('resume', { token: joined.token, since: [{ place: 'lobby', seq: 1, epoch: joined.place.epoch }] }),
    );
    expect(resumed.place.epoch).to.not.equal(joined.place.epoch);
    await back.until(() => back.pushesOf('gap').length === 1, 'epoch gap');
    expect(back.pushesOf('gap')[0]).to.include({ reason: 'epoch' });

    expect((await bob.closed).code).to.equal(1011);
    const bobBack = await two!.client();
    await bobBack.call('resume', { token: bobJoined.token, since: [{ place: 'lobby', seq: 1, epoch: bobJoined.place.epoch }] });
    const said = await bobBack.call('say', { text: 'after', cid: 'after' });
    expect(said.seq).to.equal(1);
    await back.until(() => back.texts('lobby').includes('after'), 'cross-node chat again');
    expect(await (await two!.client()).call('identify', { nick: 'cat' })).to.have.property('nick', 'cat');
  });

  it('delivers a private line to a visitor on another node, live, to nobody else, and resumes it there', async () => {
    const [one, two] = await cluster.start(2);
    const ana = await one!.client();
    await ana.call('identify', { nick: 'ana', author: 'author-ana-0123456789', release: 3 });
    const bob = await two!.client();
    const bobJoined = await bob.call('identify', { nick: 'bob', author: 'author-bob-0123456789', release: 3 });
    const cat = await two!.joined('cat');
    const raw: string[] = [];
    cat.socket.on('message', (data) => raw.push(data.toString()));
    await eventually(async () => expect(await ana.call('command', { line: '-folks' })).to.deep.include({ members: ['ana', 'bob', 'cat'] }));
    const first = await ana.call('say', { text: 'across nodes 4471', cid: 'c1', to: 'bob' });
    await bob.until(() => bob.privateLines().length === 1, 'the first line (conversation opened on his node)');
    expect(bob.privateLines()[0]).to.deep.include({ seq: 1, nick: 'ana', kind: 'private', to: 'bob', text: 'across nodes 4471' });
    await ana.call('say', { text: 'and again', cid: 'c2', to: 'bob' });
    await bob.until(() => bob.privateLines().length === 2, 'a live line');
    const answer = await bob.call('say', { text: 'hi from two', cid: 'c3', to: 'ana' });
    expect(answer).to.include({ place: first.place, seq: 3 });
    await ana.until(() => ana.privateLines().length === 1, 'the answer on node one');
    // -nick on one node is seen by the other, and the conversation follows.
    await ana.call('command', { line: '-nick anna' });
    await eventually(async () =>
      expect(await bob.call('command', { line: '-folks' })).to.deep.include({ members: ['anna', 'bob', 'cat'] }),
    );
    expect(await (await two!.client()).refusal('identify', { nick: 'ANNA' })).to.equal('NICK_TAKEN');
    expect(await (await two!.client()).call('identify', { nick: 'ana' })).to.have.property('nick', 'ana');
    // -away on node one shows in -folks on node two, and is told there live.
    await ana.call('command', { line: '-away brb' });
    await bob.until(() => bob.pushesOf('userAway').length === 1, 'the away push across nodes');
    expect(await bob.call('command', { line: '-folks' })).to.deep.include({ away: [{ nick: 'anna', message: 'brb' }] });
    const renamed = await bob.call('say', { text: 'still you?', cid: 'c4', to: 'anna' });
    expect(renamed).to.include({ place: first.place, seq: 4 });
    await cat.call('command', { line: '-where' });
    expect(cat.privateLines()).to.deep.equal([]);
    expect(raw.some((frame) => frame.includes('4471') || frame.includes('hi from two'))).to.equal(false);
    // Bob reconnects to node one: his conversation comes with exactly what he missed.
    await bob.close();
    await ana.call('say', { text: 'missed it', cid: 'c5', to: 'bob' });
    const back = await one!.client();
    const epoch = bob.pushesOf('userSay').find((p) => p.place === first.place)!.epoch;
    const resumed = await back.call('resume', {
      token: bobJoined.token,
      author: 'author-bob-0123456789',
      since: [{ place: first.place, seq: 4, epoch }],
    });
    expect(resumed.conversations).to.deep.equal([{ id: first.place, with: 'anna', epoch, head: 5 }]);
    await back.until(() => back.privateLines().length === 1, 'the missed line');
    await back.call('command', { line: '-where' });
    expect(back.privateLines().map((m) => m.text)).to.deep.equal(['missed it']);
  });

  it("keeps a signed account's nick on every node, even once its owner has left", async () => {
    const secret = 'the-site-and-the-chat-share-this-secret';
    const [one, two] = await cluster.start(2, ['--identity-secret', secret]);
    const token = await new SignJWT({ nick: 'Ana' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user-1')
      .setAudience('itmchat')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(secret));
    const ana = await one!.client();
    expect((await ana.call('identify', { nick: 'x', identity: token })).nick).to.equal('Ana');
    await ana.call('leave', {});
    const anonymous = await two!.client();
    expect(await anonymous.refusal('identify', { nick: 'ana' })).to.equal('NICK_TAKEN');
    const back = await two!.client();
    expect((await back.call('identify', { nick: 'x', identity: token })).nick).to.equal('Ana');
  });
});
