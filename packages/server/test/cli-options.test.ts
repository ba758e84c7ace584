import { expect } from 'chai';
import { HELP, UsageError, parseCli, type CliCommand } from '../src/cli-options.js';
import { CLI_SETTINGS } from '../src/cli-settings.js';
import { OPTION_NAMES } from '../src/option-rules.js';

type Env = Record<string, string>;
type CliRun = Extract<CliCommand, { help: false }>;

function run(argv: readonly string[], env: Env = {}): CliRun {
  const command = parseCli(argv, env);
  if (command.help) throw new Error('expected options, got help');
  return command;
}

describe('parseCli', () => {
  describe('help', () => {
    const argvs: readonly (readonly string[])[] = [['--help'], ['-h'], ['--port', '1', '--help'], ['-h', '--history', '5']];
    for (const argv of argvs) {
      it(`returns help for ${argv.join(' ')}`, () => {
        expect(parseCli(argv, {})).to.deep.equal({ help: true });
      });
    }

    it('documents every flag, variable and config key', () => {
      for (const flag of [
        '--port',
        '--host',
        '--data',
        '--origin',
        '--place',
        '--history',
        '--grace',
        '--site',
        '--redis',
        '--redis-prefix',
        '--node-ttl',
        '--help',
        '--config',
        '--print-config',
        'ITMCHAT_CONFIG',
      ]) {
        expect(HELP).to.include(flag);
      }
      for (const name of OPTION_NAMES) {
        const setting = CLI_SETTINGS[name];
        expect(HELP).to.include(`--${setting.flag} `).and.include(setting.env[0]).and.include(`"${name}"`);
      }
    });

    it('fits in 100 columns', () => {
      for (const line of HELP.split('\n')) expect(line.length, line).to.be.at.most(100);
    });

    it('states the precedence', () => {
      expect(HELP).to.match(/first of: its flag, its environment variable, the JSON config\s+file, the built-in default/);
    });
  });

  it('gives no settings, no config file and no --print-config by default', () => {
    expect(parseCli([], {})).to.deep.equal({ help: false, printConfig: false, configFile: undefined, fromEnv: {}, fromFlags: {} });
  });

  it('has a flag and an ITMCHAT_ variable for every option', () => {
    for (const name of OPTION_NAMES) expect(CLI_SETTINGS[name].env[0]).to.match(/^ITMCHAT_[A-Z_]+$/);
  });

  it('ignores unrelated environment variables', () => {
    expect(run([], { HOME: '/root', ITMCHAT_UNKNOWN: 'x' }).fromEnv).to.deep.equal({});
  });

  describe('flags', () => {
    const cases: readonly { argv: readonly string[]; options: object }[] = [
      { argv: ['--port', '9000'], options: { port: 9000 } },
      { argv: ['-p', '9001'], options: { port: 9001 } },
      { argv: ['--port=0'], options: { port: 0 } },
      { argv: ['--port', '65535'], options: { port: 65_535 } },
      { argv: ['--host', '0.0.0.0'], options: { host: '0.0.0.0' } },
      { argv: ['--data', '/var/lib/itmchat.db'], options: { dataFile: '/var/lib/itmchat.db' } },
      { argv: ['--data', ':memory:'], options: { dataFile: ':memory:' } },
      { argv: ['--origin', 'https://a.example'], options: { allowedOrigins: ['https://a.example'] } },
      { argv: ['--origin', '*'], options: { allowedOrigins: ['*'] } },
      {
        argv: ['--origin', 'https://a.example,https://b.example'],
        options: { allowedOrigins: ['https://a.example', 'https://b.example'] },
      },
      { argv: ['--place', 'kitchen'], options: { defaultPlace: 'kitchen' } },
      { argv: ['--history', '1'], options: { historyLimit: 1 } },
      { argv: ['--history', '1000000'], options: { historyLimit: 1_000_000 } },
      { argv: ['--join-backlog', '0'], options: { joinBacklog: 0 } },
      { argv: ['--text-max-length', '500'], options: { textMaxLength: 500 } },
      { argv: ['--grace', '0'], options: { graceMs: 0 } },
      { argv: ['--grace', '86400000'], options: { graceMs: 86_400_000 } },
      { argv: ['--heartbeat', '5000'], options: { heartbeatMs: 5000 } },
      { argv: ['--max-payload', '4096'], options: { maxPayload: 4096 } },
      { argv: ['--max-bad-frames', '0'], options: { maxBadFrames: 0 } },
      { argv: ['--max-rate-refusals', '5'], options: { maxRateRefusals: 5 } },
      { argv: ['--rate-abuse-window', '2000'], options: { rateAbuseWindowMs: 2000 } },
      { argv: ['--max-buffered-bytes', '65536'], options: { maxBufferedBytes: 65_536 } },
      { argv: ['--redis', 'redis://10.0.0.5:6379'], options: { redisUrl: 'redis://10.0.0.5:6379' } },
      { argv: ['--redis', 'rediss://:secret@cache.example:6380/2'], options: { redisUrl: 'rediss://:secret@cache.example:6380/2' } },
      { argv: ['--redis-prefix', '{chat}:'], options: { redisPrefix: '{chat}:' } },
      { argv: ['--node-ttl', '3000'], options: { nodeTtlMs: 3000 } },
      { argv: ['--site', './public'], options: { staticRoots: [{ prefix: '/', dir: './public' }] } },
    ];
    for (const { argv, options } of cases) {
      it(`maps ${argv.join(' ')}`, () => {
        expect(run(argv).fromFlags).to.deep.equal(options);
      });
    }

    it('collects a repeated --origin in order', () => {
      const argv = ['--origin', 'https://a.example', '--origin', 'https://b.example', '--origin=https://c.example'];
      expect(run(argv).fromFlags.allowedOrigins).to.deep.equal(['https://a.example', 'https://b.example', 'https://c.example']);
    });

    it('combines flags', () => {
      const argv = [
        '-p',
        '1234',
        '--host',
        '::',
        '--data',
        'x.db',
        '--origin',
        'https://a.example',
        '--place',
        'hall',
        '--history',
        '300',
        '--grace',
        '5000',
        '--site',
        'www',
      ];
      expect(run(argv).fromFlags).to.deep.equal({
        port: 1234,
        host: '::',
        dataFile: 'x.db',
        allowedOrigins: ['https://a.example'],
        defaultPlace: 'hall',
        historyLimit: 300,
        graceMs: 5000,
        staticRoots: [{ prefix: '/', dir: 'www' }],
      });
    });

    it('takes --print-config and --config', () => {
      expect(run(['--print-config', '--config', 'chat.json'])).to.include({ printConfig: true, configFile: 'chat.json' });
    });
  });

  describe('environment', () => {
    const cases: readonly { env: Env; options: object }[] = [
      { env: { ITMCHAT_PORT: '7000' }, options: { port: 7000 } },
      { env: { PORT: '7002' }, options: { port: 7002 } },
      { env: { ITMCHAT_PORT: '7004', PORT: '7005' }, options: { port: 7004 } },
      { env: { ITMCHAT_HOST: '0.0.0.0' }, options: { host: '0.0.0.0' } },
      { env: { ITMCHAT_DATA: 'env.db' }, options: { dataFile: 'env.db' } },
      {
        env: { ITMCHAT_ORIGINS: 'https://a.example, https://b.example,,https://c.example ' },
        options: { allowedOrigins: ['https://a.example', 'https://b.example', 'https://c.example'] },
      },
      { env: { ITMCHAT_ORIGINS: '*' }, options: { allowedOrigins: ['*'] } },
      { env: { ITMCHAT_ORIGINS: '' }, options: { allowedOrigins: [] } },
      { env: { ITMCHAT_PLACE: 'garden' }, options: { defaultPlace: 'garden' } },
      { env: { ITMCHAT_HISTORY: '250' }, options: { historyLimit: 250 } },
      { env: { ITMCHAT_JOIN_BACKLOG: '20' }, options: { joinBacklog: 20 } },
      { env: { ITMCHAT_GRACE_MS: '1500' }, options: { graceMs: 1500 } },
      { env: { ITMCHAT_HEARTBEAT_MS: '2500' }, options: { heartbeatMs: 2500 } },
      { env: { ITMCHAT_REDIS: 'redis://127.0.0.1:6379' }, options: { redisUrl: 'redis://127.0.0.1:6379' } },
      { env: { ITMCHAT_NODE_TTL_MS: '5000' }, options: { nodeTtlMs: 5000 } },
      { env: { ITMCHAT_MAX_BUFFERED_BYTES: '2048' }, options: { maxBufferedBytes: 2048 } },
      { env: { ITMCHAT_SITE: '/srv/site' }, options: { staticRoots: [{ prefix: '/', dir: '/srv/site' }] } },
    ];
    for (const { env, options } of cases) {
      it(`reads ${Object.keys(env).join(' and ')}${Object.keys(env).length === 1 ? ` = "${Object.values(env)[0]}"` : ''}`, () => {
        expect(run([], env).fromEnv).to.deep.equal(options);
      });
    }

    it('keeps the variables apart from the flags, for the precedence to decide', () => {
      expect(run(['--port', '1'], { ITMCHAT_PORT: '2', ITMCHAT_HOST: 'h' })).to.deep.include({
        fromFlags: { port: 1 },
        fromEnv: { port: 2, host: 'h' },
      });
    });

    it('reads the config file from ITMCHAT_CONFIG, --config winning', () => {
      expect(run([], { ITMCHAT_CONFIG: '/etc/itmchat.json' }).configFile).to.equal('/etc/itmchat.json');
      expect(run(['--config', 'mine.json'], { ITMCHAT_CONFIG: '/etc/itmchat.json' }).configFile).to.equal('mine.json');
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
      { name: 'a text length above the protocol ceiling', argv: ['--text-max-length', '16001'] },
      { name: 'a heartbeat of 0', argv: ['--heartbeat', '0'] },
      { name: 'an empty --host', argv: ['--host', ''] },
      { name: 'an empty --host=', argv: ['--host='] },
      { name: 'a blank --host', argv: ['--host', '   '] },
      { name: 'an empty ITMCHAT_HOST', argv: [], env: { ITMCHAT_HOST: '' } },
      { name: 'an empty --data', argv: ['--data', ''] },
      { name: 'an empty --place', argv: ['--place', ''] },
      { name: 'an invalid place name', argv: ['--place', 'a b'] },
      { name: 'an empty --site', argv: ['--site', ''] },
      { name: 'a --redis that is not a redis URL', argv: ['--redis', 'localhost:6379'] },
      { name: 'an http URL in ITMCHAT_REDIS', argv: [], env: { ITMCHAT_REDIS: 'http://cache:6379' } },
      { name: 'an empty --redis-prefix', argv: ['--redis-prefix', ''] },
      { name: 'a --node-ttl below 100 ms', argv: ['--node-ttl', '99'] },
      { name: 'an empty --config', argv: ['--config', ''] },
      { name: 'an empty ITMCHAT_CONFIG', argv: [], env: { ITMCHAT_CONFIG: '' } },
    ];
    for (const c of cases) {
      it(`rejects ${c.name}`, () => {
        expect(() => parseCli(c.argv, c.env ?? {})).to.throw(UsageError);
      });
    }

    it('names the flag, what it must be, and the bad value', () => {
      expect(() => parseCli(['--history', 'lots'], {})).to.throw(UsageError, '--history must be an integer from 1 to 1000000, not "lots"');
    });

    it('names the variable when the bad value came from the environment', () => {
      expect(() => parseCli([], { ITMCHAT_HISTORY: '-1' })).to.throw(UsageError, /^ITMCHAT_HISTORY must be .*"-1"/);
    });

    it('masks the Redis password in the message', () => {
      expect(() => parseCli(['--redis', 'http://:hunter2@cache:6379'], {}))
        .to.throw(UsageError, /--redis .*\*\*\*/)
        .with.property('message')
        .that.does.not.include('hunter2');
    });

    it('is an Error named UsageError', () => {
      const error = new UsageError('x');
      expect(error).to.be.instanceOf(Error);
      expect(error.name).to.equal('UsageError');
    });
  });
});
