import { expect } from 'chai';
import { checkExposition, parseMetrics, scrape, visitor } from './support/metrics.js';
import { removeTempFiles, startTestServer, type TestServer } from './support/test-server.js';

describe('/metrics', () => {
  let server: TestServer;
  beforeEach(async () => {
    // Per-visitor series, labelled by nick: off by default (metrics-access.test.ts), on here.
    server = await startTestServer('memory', { joinBacklog: 5, metricsNicks: true });
  });
  afterEach(() => server.close());

  it('exposes connection, frame and message counters in the Prometheus text format', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text)
      .to.match(/^# HELP itmchat_connections /m)
      .and.match(/^# TYPE itmchat_connections gauge$/m);
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

describe('/metrics: every series operators need, in a valid exposition', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer('sqlite', { historyLimit: 3, joinBacklog: 2, sayRate: { perSecond: 1, burst: 4 } });
  });
  afterEach(async () => {
    await server.close();
    removeTempFiles();
  });

  it('counts connections, joins, messages in and out, bytes, resumes with what they missed, gaps, rate-limit hits and store latency', async () => {
    const bob = await server.joined('bob');
    const ana = await server.client();
    const joined = await ana.call('identify', { nick: 'ana' });
    await bob.call('say', { text: 'one', cid: 'c1' });
    await ana.until(() => ana.seqs('lobby').length === 1, 'live');
    await ana.close();
    for (const i of [2, 3, 4]) await bob.call('say', { text: `m${i}`, cid: `c${i}` }); // 4 is over 3 kept: ana's resume gets a gap
    expect(await bob.refusal('say', { text: 'too fast', cid: 'c5' })).to.equal('RATE_LIMITED');
    const back = await server.client();
    await back.call('resume', { token: joined.token, since: [{ place: 'lobby', seq: 0, epoch: joined.place.epoch }] });
    await back.until(() => back.seqs('lobby').length === 3, 'what is kept of the missed');

    const text = await (await fetch(`${server.url}/metrics`)).text();
    const types = checkExposition(text);
    const samples = parseMetrics(text);
    const expected: [string, string, number | 'positive'][] = [
      ['itmchat_connections', 'gauge', 2],
      ['itmchat_connections_opened_total', 'counter', 3],
      ['itmchat_joins_total', 'counter', 2],
      ['itmchat_messages_received_total', 'counter', 4],
      ['itmchat_messages_stored_total', 'counter', 4],
      ['itmchat_messages_delivered_total', 'counter', 1 + 3],
      ['itmchat_bytes_sent_total', 'counter', 'positive'],
      ['itmchat_resumes_total', 'counter', 1],
      ['itmchat_backlog_messages_total{kind="resume"}', 'counter', 3],
      ['itmchat_gaps_total{reason="trimmed"}', 'counter', 1],
      ['itmchat_rate_limited_total', 'counter', 1],
      ['itmchat_store_seconds_count{op="append"}', 'histogram', 4],
      ['itmchat_store_seconds_count{op="read"}', 'histogram', 1],
      ['itmchat_store_seconds_sum{op="append"}', 'histogram', 'positive'],
    ];
    for (const [series, type, value] of expected) {
      const family = series.split('{')[0]!.replace(/_(count|sum)$/, '');
      expect(types.get(family), `${family} TYPE`).to.equal(type);
      if (value === 'positive') expect(samples.get(series), series).to.be.greaterThan(0);
      else expect(samples.get(series), series).to.equal(value);
    }
    console.log(`      /metrics: ${samples.size} samples in ${types.size} families, valid exposition; ${expected.length} series checked`);
    await Promise.all([back.close(), bob.close()]);
  });
});
