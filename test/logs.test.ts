import { expect } from 'chai';
import { jsonLogger, startServer, type LogLevel } from '@itmchat/server';
import { startTestServer } from './support/test-server.js';

describe('structured logs', () => {
  it('writes one JSON line per event with time, level and event, dropping those below the level', () => {
    const lines: string[] = [];
    const log = jsonLogger({ level: 'warn', write: (line) => lines.push(line) });
    for (const level of ['debug', 'info', 'warn', 'error'] as LogLevel[]) log(level, `an_${level}`, { n: 1 });
    expect(lines).to.have.length(2);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((p) => [p['level'], p['event'], p['n']])).to.deep.equal([
      ['warn', 'an_warn', 1],
      ['error', 'an_error', 1],
    ]);
    expect(new Date(parsed[0]!['time'] as string).getTime()).to.be.closeTo(Date.now(), 5_000);
  });

  it('logs joins, resumes and leaves at info, and never a message text or a token at any level', async () => {
    const lines: string[] = [];
    const server = await startTestServer(
      'memory',
      { sayRate: { perSecond: 1, burst: 1 } },
      { log: jsonLogger({ level: 'debug', write: (line) => lines.push(line) }) },
    );
    try {
      const ana = await server.client();
      const { token } = await ana.call('identify', { nick: 'ana' });
      await ana.call('say', { text: 'a secret line', cid: 'c1' });
      expect(await ana.refusal('say', { text: 'another secret line', cid: 'c2' })).to.equal('RATE_LIMITED');
      await ana.close();
      const back = await server.client();
      const { token: rotated } = await back.call('resume', { token });
      await back.call('leave', {});
      await back.close();
      const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const visits = events.filter((e) => e['level'] === 'info' && ['joined', 'resumed', 'left'].includes(e['event'] as string));
      expect(visits.map((e) => [e['event'], e['nick'], e['place']])).to.deep.equal([
        ['joined', 'ana', 'lobby'],
        ['resumed', 'ana', 'lobby'],
        ['left', 'ana', 'lobby'],
      ]);
      const everything = lines.join('\n');
      for (const secret of ['a secret line', 'another secret line', token, rotated, token.split('.')[1]!]) {
        expect(everything, 'logs hold a text or a token').to.not.include(secret);
      }
    } finally {
      await server.close();
    }
  });

  it('startServer without a logger of its own logs at the logLevel option', async () => {
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = (chunk: string) => (written.push(String(chunk)), true);
    try {
      const quiet = await startServer({ port: 0, dataFile: ':memory:', logLevel: 'warn' });
      await quiet.close();
      const chatty = await startServer({ port: 0, dataFile: ':memory:', logLevel: 'info' });
      await chatty.close();
    } finally {
      process.stdout.write = write;
    }
    const events = written.map((line) => JSON.parse(line) as { event: string });
    expect(events.filter((e) => e.event === 'listening')).to.have.length(1); // only the info-level server's
  });
});
