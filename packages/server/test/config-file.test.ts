import { expect } from 'chai';
import { readConfigFile } from '../src/config-file.js';
import { OptionsError } from '../src/validate-options.js';
import { tempConfigFolder } from './support/temp-config.js';

describe('readConfigFile', () => {
  const { write, path } = tempConfigFolder();

  it('reads the options of a JSON object', () => {
    const options = {
      port: 9000,
      allowedOrigins: ['https://a.example'],
      sayRate: { perSecond: 2, burst: 4 },
      staticRoots: [{ prefix: '/', dir: 'www' }],
    };
    expect(readConfigFile(write(JSON.stringify(options)))).to.deep.equal(options);
  });

  it('reads an empty object as no settings', () => {
    expect(readConfigFile(write('{}'))).to.deep.equal({});
  });

  it('names the file and the key of an unknown option, with a suggestion', () => {
    const file = write('{ "port": 1, "histroyLimit": 5 }');
    expect(() => readConfigFile(file))
      .to.throw(OptionsError, `config file ${file}: unknown option "histroyLimit" (did you mean "historyLimit"?)`)
      .with.property('option', 'histroyLimit');
  });

  it('names the file and the key of a bad value', () => {
    const file = write('{ "sayRate": { "perSecond": 10, "burst": 0 } }');
    expect(() => readConfigFile(file))
      .to.throw(OptionsError, `config file ${file}: option "sayRate" must be `)
      .with.property('option', 'sayRate');
  });

  it('takes a duration in milliseconds as a number, not a string', () => {
    const file = write('{ "graceMs": "60s" }');
    expect(() => readConfigFile(file)).to.throw(OptionsError, /option "graceMs" must be an integer/);
  });

  it('names the file that is not valid JSON', () => {
    const file = write('{ port: 1 }');
    expect(() => readConfigFile(file)).to.throw(OptionsError, new RegExp(`^config file ${file}: is not valid JSON`));
  });

  it('names the file that holds something other than an object', () => {
    const file = write('[1, 2]');
    expect(() => readConfigFile(file)).to.throw(OptionsError, `config file ${file}: options must be an object, got an array`);
  });

  it('names the file that cannot be read', () => {
    const file = path('missing.json');
    expect(() => readConfigFile(file)).to.throw(OptionsError, `config file ${file}: cannot be read (ENOENT)`);
  });
});
