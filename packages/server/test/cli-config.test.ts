import { expect } from 'chai';
import { cliOptions, printableConfig } from '../src/cli-config.js';
import { parseCli } from '../src/cli-options.js';
import type { OptionName } from '../src/option-rules.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import { OptionsError } from '../src/validate-options.js';
import { tempConfigFolder } from './support/temp-config.js';

const DEMO_SITE = '/demo';

/** The command's settings for these flags and variables, as the CLI would start with them. */
function configured(argv: readonly string[], env: Record<string, string>) {
  const command = parseCli(argv, env);
  if (command.help) throw new Error('expected options, got help');
  return cliOptions(command, DEMO_SITE);
}

describe('the command line settings', () => {
  const folder = tempConfigFolder();
  const configFile = (options: object) => folder.write(JSON.stringify(options));

  /** One setting given in every layer, each with a value of its own. */
  interface Layered {
    readonly name: OptionName;
    readonly flag: readonly string[];
    readonly env: Record<string, string>;
    readonly file: unknown;
    /** What the flag and the variable give once parsed. */
    readonly fromFlag: unknown;
    readonly fromEnv: unknown;
    readonly byDefault: unknown;
  }
  const cases: readonly Layered[] = [
    {
      name: 'port',
      flag: ['--port', '4004'],
      env: { ITMCHAT_PORT: '3003' },
      file: 2002,
      fromFlag: 4004,
      fromEnv: 3003,
      byDefault: DEFAULT_OPTIONS.port,
    },
    {
      name: 'historyLimit',
      flag: ['--history', '400'],
      env: { ITMCHAT_HISTORY: '300' },
      file: 200,
      fromFlag: 400,
      fromEnv: 300,
      byDefault: DEFAULT_OPTIONS.historyLimit,
    },
    {
      name: 'sayRate',
      flag: ['--say-rate', '4:5'],
      env: { ITMCHAT_SAY_RATE: '3' },
      file: { perSecond: 2, burst: 7 },
      fromFlag: { perSecond: 4, burst: 5 },
      fromEnv: { perSecond: 3, burst: 6 },
      byDefault: DEFAULT_OPTIONS.sayRate,
    },
    {
      name: 'allowedOrigins',
      flag: ['--origin', 'https://flag.example'],
      env: { ITMCHAT_ORIGINS: 'https://env.example,https://env2.example' },
      file: ['https://file.example'],
      fromFlag: ['https://flag.example'],
      fromEnv: ['https://env.example', 'https://env2.example'],
      byDefault: [],
    },
    {
      name: 'staticRoots',
      flag: ['--site', 'flag-www'],
      env: { ITMCHAT_SITE: 'env-www' },
      file: [{ prefix: '/docs/', dir: 'file-docs' }],
      fromFlag: [{ prefix: '/', dir: 'flag-www' }],
      fromEnv: [{ prefix: '/', dir: 'env-www' }],
      // The demo's own pages, styles and scripts: not its subfolders (the Express example).
      byDefault: [{ prefix: '/', dir: DEMO_SITE, subfolders: false }],
    },
  ];

  for (const c of cases) {
    it(`takes ${c.name} from the flag, else the variable, else the config file, else the default`, () => {
      const withFile = { ITMCHAT_CONFIG: configFile({ [c.name]: c.file }) };
      const expectSetting = (argv: readonly string[], env: Record<string, string>, value: unknown, source: string) => {
        const { settings, sources } = configured(argv, env);
        expect(settings[c.name], source).to.deep.equal(value);
        expect(sources[c.name]).to.equal(source);
      };
      expectSetting(c.flag, { ...withFile, ...c.env }, c.fromFlag, 'flag');
      expectSetting([], { ...withFile, ...c.env }, c.fromEnv, 'env');
      expectSetting([], withFile, c.file, 'file');
      expectSetting([], {}, c.byDefault, 'default');
    });
  }

  it('keeps the settings of each layer that another does not override', () => {
    const file = configFile({ port: 1, host: 'file.example', graceMs: 5 });
    const { settings, sources } = configured(['--port', '3', '--config', file], { ITMCHAT_HOST: 'env.example' });
    expect(settings).to.include({ port: 3, host: 'env.example', graceMs: 5, maxPlaces: DEFAULT_OPTIONS.maxPlaces });
    expect(sources).to.include({ port: 'flag', host: 'env', graceMs: 'file', maxPlaces: 'default' });
  });

  it('reads every option from a config file', () => {
    const everything = { ...DEFAULT_OPTIONS, redisUrl: 'redis://cache:6379', staticRoots: [{ prefix: '/', dir: 'www' }] };
    const { settings, sources } = configured(['--config', configFile(everything)], {});
    expect(settings).to.deep.equal(everything);
    expect(new Set(Object.values(sources))).to.deep.equal(new Set(['file']));
  });

  it('fails on a config file with a bad key, naming the file and the key', () => {
    const file = configFile({ port: 1, histroyLimit: 5 });
    expect(() => configured(['--config', file], {})).to.throw(OptionsError, `config file ${file}: unknown option "histroyLimit"`);
  });

  describe('--print-config output', () => {
    const printed = (argv: readonly string[], env: Record<string, string> = {}) => {
      const command = parseCli(argv, env);
      if (command.help) throw new Error('expected options, got help');
      return JSON.parse(printableConfig(cliOptions(command, DEMO_SITE), command.configFile)) as {
        configFile: string | null;
        settings: Record<string, unknown>;
        sources: Record<string, string>;
      };
    };

    it('shows the config file, every setting and where it came from', () => {
      const file = configFile({ historyLimit: 10 });
      const output = printed(['--print-config', '--port', '0'], { ITMCHAT_CONFIG: file });
      expect(output.configFile).to.equal(file);
      expect(output.settings).to.include({ port: 0, historyLimit: 10, joinBacklog: 10, host: DEFAULT_OPTIONS.host });
      expect(output.sources).to.include({ port: 'flag', historyLimit: 'file', joinBacklog: 'default', host: 'default' });
      expect(Object.keys(output.sources)).to.have.members(Object.keys(output.settings));
    });

    it('masks the Redis password', () => {
      const output = printed(['--redis', 'rediss://user:hunter2@cache.example:6380/2']);
      expect(output.settings.redisUrl).to.equal('rediss://user:***@cache.example:6380/2');
      expect(JSON.stringify(output)).not.to.include('hunter2');
    });

    it('masks the metrics token whole', () => {
      const output = printed([], { ITMCHAT_METRICS_TOKEN: 'hunter2-hunter2-hunter2' });
      expect(output.settings.metricsToken).to.equal('***');
      expect(output.sources.metricsToken).to.equal('env');
      expect(JSON.stringify(output)).not.to.include('hunter2');
    });

    it('says there is no config file with null', () => {
      expect(printed([]).configFile).to.equal(null);
    });
  });
});
