import { expect } from 'chai';
import { OPTION_NAMES, type OptionName } from '../src/option-rules.js';
import { DEFAULT_OPTIONS, type ServerOptions } from '../src/options.js';
import { OptionsError, resolveOptions, validateOptions } from '../src/validate-options.js';

/** As a plain-JS caller would pass them: no types to stop a typo or a string where a number goes. */
const untyped = (options: Record<string, unknown>) => options as Partial<ServerOptions>;

/** For every option, values it accepts and values it refuses. */
const VALUES: { readonly [K in OptionName]: { readonly good: readonly unknown[]; readonly bad: readonly unknown[] } } = {
  port: { good: [0, 8080, 65_535], bad: [-1, 65_536, 80.5, '8080', Number.NaN, null, true] },
  host: { good: ['127.0.0.1', '::', 'example.org'], bad: ['', '   ', 127, null] },
  dataFile: { good: [':memory:', '/var/lib/itmchat.db'], bad: ['', ['a.db']] },
  redisUrl: {
    good: ['redis://127.0.0.1:6379', 'rediss://:secret@cache:6380/2'],
    bad: ['localhost:6379', 'http://cache:6379', 'redis://a b', 6379],
  },
  redisPrefix: { good: ['itmchat:', '{chat}:'], bad: ['', 1] },
  nodeTtlMs: { good: [100, 600_000], bad: [99, 600_001, '5000'] },
  allowedOrigins: { good: [[], ['*'], ['https://a.example', 'https://b.example']], bad: ['https://a.example', [''], [1], null, {}] },
  defaultPlace: { good: ['lobby', 'the-kitchen.2'], bad: ['', 'a b', 'x'.repeat(25), 7] },
  logLevel: { good: ['debug', 'info', 'warn', 'error'], bad: ['INFO', 'verbose', '', 3] },
  historyLimit: { good: [1, 1_000_000], bad: [0, -3, 1_000_001, 1.5, '100'] },
  joinBacklog: { good: [0, 50], bad: [-1, 2.5, '5'] },
  textMaxLength: { good: [1, 16_000], bad: [0, 16_001] },
  graceMs: { good: [0, 86_400_000], bad: [-1, 86_400_001, Infinity] },
  heartbeatMs: { good: [10, 30_000], bad: [0, 9, 86_400_001] },
  maxPayload: { good: [1024, 100 * 1024 * 1024], bad: [1023, 100 * 1024 * 1024 + 1] },
  maxBadFrames: { good: [0, 20], bad: [-1, 1_000_001] },
  sayRate: {
    good: [
      { perSecond: 0, burst: 0 },
      { perSecond: 10, burst: 20 },
      { perSecond: 1, burst: 1 },
    ],
    bad: [
      { perSecond: 10 },
      { perSecond: 10, burst: 0 },
      { perSecond: -1, burst: 1 },
      { perSecond: 1.5, burst: 3 },
      { perSecond: 1, burst: 2, extra: 1 },
      { persecond: 1, burst: 2 },
      10,
      '10:20',
      null,
    ],
  },
  presenceRate: {
    good: [
      { perSecond: 1, burst: 10 },
      { perSecond: 0, burst: 0 },
    ],
    bad: [{ perSecond: 1, burst: 0 }, '1:10'],
  },
  presenceRatePerIp: { good: [{ perSecond: 5, burst: 30 }], bad: [{ perSecond: 5 }] },
  commandRate: { good: [{ perSecond: 5, burst: 10 }], bad: [{ perSecond: 1_000_001, burst: 1 }, []] },
  maxRateRefusals: { good: [1, 50], bad: [0, -1] },
  rateAbuseWindowMs: { good: [1, 10_000], bad: [0, 86_400_001] },
  trustProxy: { good: [[], ['127.0.0.1'], ['10.0.0.0/8', '::1', 'loopback']], bad: ['127.0.0.1', ['10.0.0.0/99'], ['nginx'], [1], null] },
  maxConnectionsPerIp: { good: [0, 10_000_000], bad: [-1, 10_000_001] },
  maxHttpSocketsPerIp: { good: [0, 128, 10_000_000], bad: [-1, 10_000_001, '128'] },
  placeRetentionMs: { good: [0, 86_400_000], bad: [-1, 'forever'] },
  maxSessionsPerIp: { good: [0, 64], bad: [-1, 1.5] },
  maxPlaces: { good: [0, 1000], bad: [-1, '1000'] },
  typingMaxMembers: { good: [0, 50], bad: [-1, 10_000_001, '50'] },
  maxBufferedBytes: { good: [1024, 1024 * 1024 * 1024], bad: [1023, 1024 * 1024 * 1024 + 1] },
  staticRoots: {
    good: [
      [],
      [
        { prefix: '/', dir: 'www' },
        { prefix: '/docs/', dir: '/srv/docs' },
      ],
      [{ prefix: '/', dir: 'www', subfolders: false }],
    ],
    bad: [
      { prefix: '/', dir: 'www' },
      [{ prefix: 'static', dir: 'www' }],
      [{ prefix: '/', dir: '' }],
      [{ prefix: '/' }],
      [{ prefix: '/', dir: 'www', cache: true }],
      [{ prefix: '/', dir: 'www', subfolders: 'no' }],
      ['www'],
    ],
  },
  sourceMaps: { good: [true, false], bad: ['yes', 1, null] },
  metricsAllow: { good: [[], ['loopback'], ['10.0.0.0/8', '::1', '192.0.2.7']], bad: ['loopback', ['10.0.0.0/33'], ['prometheus'], [1]] },
  metricsToken: { good: ['0123456789abcdef', 'x'.repeat(256)], bad: ['short', 'with a space in it', 'x'.repeat(257), 16] },
  metricsNicks: { good: [true, false], bad: ['true', 0] },
  identitySecrets: { good: [[], ['s'.repeat(32)]], bad: ['s'.repeat(32), ['short'], [1]] },
  identityKeys: { good: ['/etc/keys.json', 'https://example.org/jwks.json'], bad: ['', 'http://example.org/jwks.json', 1] },
  identityAudience: { good: ['itmchat'], bad: ['', 1] },
  anonymous: { good: ['allow', 'deny'], bad: ['no', true] },
};

describe('validateOptions', () => {
  for (const name of OPTION_NAMES) {
    const { good, bad } = VALUES[name];
    it(`accepts good values of ${name}`, () => {
      for (const value of good) expect(validateOptions({ [name]: value }), JSON.stringify(value)).to.deep.equal({ [name]: value });
    });
    it(`refuses bad values of ${name}, naming it`, () => {
      for (const value of bad) {
        expect(() => validateOptions({ [name]: value }), JSON.stringify(value) ?? String(value))
          .to.throw(OptionsError, `option "${name}" must be `)
          .with.property('option', name);
      }
    });
  }

  it('says what the value must be and what it got', () => {
    expect(() => validateOptions({ historyLimit: -3 })).to.throw(
      OptionsError,
      'option "historyLimit" must be an integer from 1 to 1000000, got -3',
    );
    expect(() => validateOptions({ sayRate: { perSecond: 10 } })).to.throw(
      OptionsError,
      /^option "sayRate" must be \{ "perSecond".*, got \{"perSecond":10\}$/,
    );
  });

  it('shows a number that JSON cannot hold as itself', () => {
    expect(() => validateOptions({ port: Number.NaN })).to.throw(OptionsError, /, got NaN$/);
  });

  it('refuses an unknown option and suggests the closest name', () => {
    expect(() => validateOptions({ histroyLimit: 5 }))
      .to.throw(OptionsError, 'unknown option "histroyLimit" (did you mean "historyLimit"?)')
      .with.property('option', 'histroyLimit');
  });

  it('refuses an unknown option with no close name plainly', () => {
    expect(() => validateOptions({ colour: 'blue' })).to.throw(OptionsError, /^unknown option "colour"$/);
  });

  it('refuses "__proto__" and other inherited names as unknown', () => {
    expect(() => validateOptions(JSON.parse('{"__proto__": {"port": 1}}'))).to.throw(OptionsError, 'unknown option "__proto__"');
    expect(() => validateOptions({ toString: 'x' })).to.throw(OptionsError, 'unknown option "toString"');
  });

  it('drops undefined values: they mean "not given"', () => {
    expect(validateOptions({ port: undefined, host: 'h', typo: undefined })).to.deep.equal({ host: 'h' });
  });

  for (const input of [null, [], 'port=1', 42]) {
    it(`refuses ${JSON.stringify(input)} in place of an options object`, () => {
      expect(() => validateOptions(input)).to.throw(OptionsError, /^options must be an object, got /);
    });
  }

  it('masks the Redis password when it shows a bad URL', () => {
    expect(() => validateOptions({ redisUrl: 'http://:hunter2@cache:6379' }))
      .to.throw(OptionsError, '"http://:***@cache:6379/"')
      .with.property('message')
      .that.does.not.include('hunter2');
  });

  it('never shows the metrics token, even a bad one', () => {
    expect(() => validateOptions({ metricsToken: 'hunter2 hunter2 hunter2' }))
      .to.throw(OptionsError, 'got "***"')
      .with.property('message')
      .that.does.not.include('hunter2');
  });

  it('is an Error named OptionsError', () => {
    const error = new OptionsError('x', 'port');
    expect(error).to.be.instanceOf(Error);
    expect(error).to.include({ name: 'OptionsError', option: 'port' });
  });
});

describe('resolveOptions checks what plain-JS callers give', () => {
  it('throws OptionsError for an unknown option', () => {
    expect(() => resolveOptions(untyped({ histroyLimit: 5 }))).to.throw(OptionsError, /unknown option "histroyLimit"/);
  });

  it('throws OptionsError for a value of the wrong type', () => {
    expect(() => resolveOptions(untyped({ port: '8080' }))).to.throw(OptionsError, /option "port" must be an integer/);
  });

  it('throws OptionsError for a value out of range', () => {
    expect(() => resolveOptions({ historyLimit: -3 })).to.throw(OptionsError, /option "historyLimit"/);
  });

  it('accepts every default', () => {
    expect(resolveOptions({ ...DEFAULT_OPTIONS })).to.deep.equal(DEFAULT_OPTIONS);
  });
});
