import { expect } from 'chai';
import { scrape, visitor } from './support/metrics.js';
import { startTestServer, type TestServer } from './support/test-server.js';

describe('/metrics', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer('memory', { joinBacklog: 5 });
  });
  afterEach(() => server.close());

  it('exposes connection, frame and message counters in the Prometheus text format', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).to.match(/^# HELP itmchat_connections /m).and.match(/^# TYPE itmchat_connections gauge$/m);
    const ana = await server.joined('ana');
    const bob = await server.joined('bob');
    for (let i = 0; i < 3; i++) await bob.call('say', { text: `m${i}`, cid: `c${i}` });
    await ana.until(() => ana.seqs('lobby').length === 3, 'three messages');
    const samples = await scrape(server.url);
    expect(samples.get('itmchat_connections')).to.equal(2);
    expect(samples.get('itmchat_messages_stored_total')).to.equal(3);
    expect(samples.get('itmchat_sessions')).to.equal(2);
    expect(visitor(samples, 'messages_sent', 'ana')).to.equal(3);
    expect(visitor(samples, 'messages_sent', 'bob')).to.equal(0); // a sender is not sent its own lines
    expect(visitor(samples, 'connections', 'ana')).to.equal(1);
    expect(visitor(samples, 'bytes_sent', 'ana')).to.be.greaterThan(0);
    await Promise.all([ana.close(), bob.close()]);
  });

  it('counts what a resumed visitor is sent: only the missed messages, once', async () => {
    const bob = await server.joined('bob');
    const ana = await server.client();
    const joined = await ana.call('identify', { nick: 'ana' });
    await bob.call('say', { text: 'heard', cid: 'h' });
    await ana.until(() => ana.seqs('lobby').length === 1, 'live');
    await ana.close();
    await bob.call('say', { text: 'missed', cid: 'm' });
    const back = await server.client();
    await back.call('resume', { token: joined.token, since: [{ place: 'lobby', seq: 1, epoch: joined.place.epoch }] });
    await back.until(() => back.seqs('lobby').length === 1, 'backlog');
    const samples = await scrape(server.url);
    expect(visitor(samples, 'messages_sent', 'ana')).to.equal(2);
    expect(visitor(samples, 'connections', 'ana')).to.equal(2);
    expect(samples.get('itmchat_resumes_total')).to.equal(1);
    await Promise.all([back.close(), bob.close()]);
  });
});
