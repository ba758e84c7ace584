import { expect } from 'chai';
import { HELP, UsageError, parseCli, type CliCommand } from '../src/cli-options.js';
import type { ServerOptions } from '../src/options.js';

type Env = Record<string, string>;

function parsed(argv: readonly string[], env: Env = {}): { options: Partial<ServerOptions>; site: string | undefined } {
  const command: CliCommand = parseCli(argv, env);
  if (command.help) throw new Error('expected options, got help');
  return { options: command.options, site: command.site };
}

describe('parseCli', () => {
  describe('help', () => {
    const argvs: readonly (readonly string[])[] = [['--help'], ['-h'], ['--port', '1', '--help'], ['-h', '--history', '5']];
    for (const argv of argvs) {
      it(`returns help for ${argv.join(' ')}`, () => {
        expect(parseCli(argv, {})).to.deep.equal({ help: true });
      });
    }

    it('documents every flag', () => {
      for (const flag of ['--port', '--host', '--data', '--origin', '--place', '--history', '--grace', '--site', '--redis', '--redis-prefix', '--node-ttl', '--help']) {
        expect(HELP).to.include(flag);
      }
    });
  });

  it('gives an empty options object and no site by default', () => {
    expect(parseCli([], {})).to.deep.equal({ help: false, options: {}, site: undefined });
  });

  it('ignores unrelated environment variables', () => {
    expect(parsed([], { HOME: '/root', ITMCHAT_UNKNOWN: 'x' })).to.deep.equal({ options: {}, site: undefined });
  });

  describe('flags', () => {
    const cases: readonly { argv: readonly string[]; options: Partial<ServerOptions> }[] = [
      { argv: ['--port', '9000'], options: { port: 9000 } },
      { argv: ['-p', '9001'], options: { port: 9001 } },
      { argv: ['--port=0'], options: { port: 0 } },
      { argv: ['--port', '65535'], options: { port: 65_535 } },
      { argv: ['--host', '0.0.0.0'], options: { host: '0.0.0.0' } },
      { argv: ['--data', '/var/lib/itmchat.db'], options: { dataFile: '/var/lib/itmchat.db' } },
      { argv: ['--data', ':memory:'], options: { dataFile: ':memory:' } },
      { argv: ['--origin', 'https://a.example'], options: { allowedOrigins: ['https://a.example'] } },
      { argv: ['--origin', '*'], options: { allowedOrigins: ['*'] } },
      { argv: ['--place', 'kitchen'], options: { defaultPlace: 'kitchen' } },
      { argv: ['--history', '1'], options: { historyLimit: 1 } },
      { argv: ['--history', '1000000'], options: { historyLimit: 1_000_000 } },
      { argv: ['--grace', '0'], options: { graceMs: 0 } },
      { argv: ['--grace', '86400000'], options: { graceMs: 86_400_000 } },
      { argv: ['--redis', 'redis://10.0.0.5:6379'], options: { redisUrl: 'redis://10.0.0.5:6379' } },
      { argv: ['--redis', 'rediss://:secret@cache.example:6380/2'], options: { redisUrl: 'rediss://:secret@cache.example:6380/2' } },
      { argv: ['--redis-prefix', '{chat}:'], options: { redisPrefix: '{chat}:' } },
      { argv: ['--node-ttl', '3000'], options: { nodeTtlMs: 3000 } },
    ];
    for (const { argv, options } of cases) {
      it(`maps ${argv.join(' ')}`, () => {
        expect(parsed(argv)).to.deep.equal({ options, site: undefined });
      });
    }

    it('maps --site to site, not to an option', () => {
      expect(parsed(['--site', './public'])).to.deep.equal({ options: {}, site: './public' });
    });

    it('collects a repeated --origin in order', () => {
      const argv = ['--origin', 'https://a.example', '--origin', 'https://b.example', '--origin=https://c.example'];
      expect(parsed(argv).options.allowedOrigins).to.deep.equal(['https://a.example', 'https://b.example', 'https://c.example']);
    });

    it('combines all flags', () => {
      const argv = [
        '-p', '1234', '--host', '::', '--data', 'x.db', '--origin', 'https://a.example', '--place', 'hall',
        '--history', '300', '--grace', '5000', '--site', 'www',
      ];
      expect(parsed(argv)).to.deep.equal({
        options: {
          port: 1234, host: '::', dataFile: 'x.db', allowedOrigins: ['https://a.example'], defaultPlace: 'hall',
          historyLimit: 300, graceMs: 5000,
        },
        site: 'www',
      });
    });
  });

  describe('environment', () => {
    interface EnvCase {
      readonly name: string;
      readonly env: Env;
      readonly expected: { options: Partial<ServerOptions>; site: string | undefined };
      /** A flag that must beat the variable, and what it gives. */
      readonly flag?: { argv: readonly string[]; expected: { options: Partial<ServerOptions>; site: string | undefined } };
    }
    const only = (options: Partial<ServerOptions>) => ({ options, site: undefined });
    const cases: readonly EnvCase[] = [
      {
        name: 'ITMCHAT_PORT',
        env: { ITMCHAT_PORT: '7000' },
        expected: only({ port: 7000 }),
        flag: { argv: ['--port', '7001'], expected: only({ port: 7001 }) },
      },
      {
        name: 'PORT',
        env: { PORT: '7002' },
        expected: only({ port: 7002 }),
        flag: { argv: ['-p', '7003'], expected: only({ port: 7003 }) },
      },
      { name: 'ITMCHAT_PORT over PORT', env: { ITMCHAT_PORT: '7004', PORT: '7005' }, expected: only({ port: 7004 }) },
      {
        name: 'ITMCHAT_HOST',
        env: { ITMCHAT_HOST: '0.0.0.0' },
        expected: only({ host: '0.0.0.0' }),
        flag: { argv: ['--host', '127.0.0.2'], expected: only({ host: '127.0.0.2' }) },
      },
      {
        name: 'ITMCHAT_DATA',
        env: { ITMCHAT_DATA: 'env.db' },
        expected: only({ dataFile: 'env.db' }),
        flag: { argv: ['--data', 'flag.db'], expected: only({ dataFile: 'flag.db' }) },
      },
      {
        name: 'ITMCHAT_ORIGINS as a comma list',
        env: { ITMCHAT_ORIGINS: 'https://a.example, https://b.example,,https://c.example ' },
        expected: only({ allowedOrigins: ['https://a.example', 'https://b.example', 'https://c.example'] }),
        flag: { argv: ['--origin', 'https://flag.example'], expected: only({ allowedOrigins: ['https://flag.example'] }) },
      },
      { name: 'ITMCHAT_ORIGINS with one origin', env: { ITMCHAT_ORIGINS: '*' }, expected: only({ allowedOrigins: ['*'] }) },
      { name: 'an empty ITMCHAT_ORIGINS', env: { ITMCHAT_ORIGINS: '' }, expected: only({ allowedOrigins: [] }) },
      {
        name: 'ITMCHAT_PLACE',
        env: { ITMCHAT_PLACE: 'garden' },
        expected: only({ defaultPlace: 'garden' }),
        flag: { argv: ['--place', 'attic'], expected: only({ defaultPlace: 'attic' }) },
      },
      {
        name: 'ITMCHAT_HISTORY',
        env: { ITMCHAT_HISTORY: '250' },
        expected: only({ historyLimit: 250 }),
        flag: { argv: ['--history', '260'], expected: only({ historyLimit: 260 }) },
      },
      {
        name: 'ITMCHAT_GRACE_MS',
        env: { ITMCHAT_GRACE_MS: '1500' },
        expected: only({ graceMs: 1500 }),
        flag: { argv: ['--grace', '1600'], expected: only({ graceMs: 1600 }) },
      },
      {
        name: 'ITMCHAT_REDIS',
        env: { ITMCHAT_REDIS: 'redis://127.0.0.1:6379' },
        expected: only({ redisUrl: 'redis://127.0.0.1:6379' }),
        flag: { argv: ['--redis', 'redis://127.0.0.1:7000'], expected: only({ redisUrl: 'redis://127.0.0.1:7000' }) },
      },
      {
        name: 'ITMCHAT_NODE_TTL_MS',
        env: { ITMCHAT_NODE_TTL_MS: '5000' },
        expected: only({ nodeTtlMs: 5000 }),
        flag: { argv: ['--node-ttl', '6000'], expected: only({ nodeTtlMs: 6000 }) },
      },
      {
        name: 'ITMCHAT_SITE',
        env: { ITMCHAT_SITE: '/srv/site' },
        expected: { options: {}, site: '/srv/site' },
        flag: { argv: ['--site', '/srv/other'], expected: { options: {}, site: '/srv/other' } },
      },
    ];
    for (const c of cases) {
      it(`reads ${c.name}`, () => {
        expect(parsed([], c.env)).to.deep.equal(c.expected);
      });
      const flag = c.flag;
      if (flag) {
        it(`lets ${flag.argv[0]} beat ${c.name}`, () => {
          expect(parsed(flag.argv, c.env)).to.deep.equal(flag.expected);
        });
      }
    }

    it('keeps flags and variables for different settings side by side', () => {
      expect(parsed(['--port', '1'], { ITMCHAT_HOST: 'h', ITMCHAT_HISTORY: '9' })).to.deep.equal(only({ port: 1, host: 'h', historyLimit: 9 }));
    });
  });

  describe('usage errors', () => {
    const cases: readonly { name: string; argv: readonly string[]; env?: Env }[] = [
      { name: 'an unknown long flag', argv: ['--nope'] },
      { name: 'an unknown short flag', argv: ['-x'] },
      { name: 'a positional argument', argv: ['serve'] },
      { name: 'a positional argument after flags', argv: ['--port', '1', 'extra'] },
      { name: 'a flag missing its value', argv: ['--port'] },
      { name: 'a non-numeric port', argv: ['--port', 'http'] },
      { name: 'a fractional port', argv: ['--port', '80.5'] },
      { name: 'a port in exponent form', argv: ['--port', '8e3'] },
      { name: 'a negative port', argv: ['--port=-1'] },
      { name: 'a negative port as a separate argument', argv: ['--port', '-1'] },
      { name: 'a port above 65535', argv: ['--port', '65536'] },
      { name: 'an empty port', argv: ['--port='] },
      { name: 'a non-numeric port in ITMCHAT_PORT', argv: [], env: { ITMCHAT_PORT: 'eighty' } },
      { name: 'an out-of-range port in PORT', argv: [], env: { PORT: '70000' } },
      { name: 'a non-numeric history', argv: ['--history', 'lots'] },
      { name: 'a history of 0', argv: ['--history', '0'] },
      { name: 'a negative history', argv: ['--history=-5'] },
      { name: 'a history above 1000000', argv: ['--history', '1000001'] },
      { name: 'a bad history in ITMCHAT_HISTORY', argv: [], env: { ITMCHAT_HISTORY: '-1' } },
      { name: 'a negative grace', argv: ['--grace=-1'] },
      { name: 'a grace above one day', argv: ['--grace', '86400001'] },
      { name: 'an empty --host', argv: ['--host', ''] },
      { name: 'an empty --host=', argv: ['--host='] },
      { name: 'a blank --host', argv: ['--host', '   '] },
      { name: 'an empty ITMCHAT_HOST', argv: [], env: { ITMCHAT_HOST: '' } },
      { name: 'an empty --data', argv: ['--data', ''] },
      { name: 'an empty --place', argv: ['--place', ''] },
      { name: 'an empty --site', argv: ['--site', ''] },
      { name: 'a --redis that is not a redis URL', argv: ['--redis', 'localhost:6379'] },
      { name: 'an http URL in ITMCHAT_REDIS', argv: [], env: { ITMCHAT_REDIS: 'http://cache:6379' } },
      { name: 'an empty --redis-prefix', argv: ['--redis-prefix', ''] },
      { name: 'a --node-ttl below 100 ms', argv: ['--node-ttl', '99'] },
    ];
    for (const c of cases) {
      it(`rejects ${c.name}`, () => {
        expect(() => parseCli(c.argv, c.env ?? {})).to.throw(UsageError);
      });
    }

    it('names the flag and the bad value', () => {
      expect(() => parseCli(['--history', 'lots'], {})).to.throw(UsageError, /--history.*"lots"/);
    });

    it('is an Error named UsageError', () => {
      const error = new UsageError('x');
      expect(error).to.be.instanceOf(Error);
      expect(error.name).to.equal('UsageError');
    });
  });
});
