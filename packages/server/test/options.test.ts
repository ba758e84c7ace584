import { expect } from 'chai';
import { DEFAULT_OPTIONS, type ServerOptions } from '../src/options.js';
import { OptionsError, resolveOptions } from '../src/validate-options.js';

describe('resolveOptions', () => {
  it('returns the defaults when given nothing', () => {
    expect(resolveOptions()).to.deep.equal(DEFAULT_OPTIONS);
    expect(resolveOptions({})).to.deep.equal(DEFAULT_OPTIONS);
  });

  it('has sane defaults', () => {
    expect(DEFAULT_OPTIONS).to.include({ port: 8080, host: '127.0.0.1', defaultPlace: 'lobby' });
    expect(DEFAULT_OPTIONS.joinBacklog).to.be.at.most(DEFAULT_OPTIONS.historyLimit);
  });

  it('applies overrides and keeps the other defaults', () => {
    const overrides: Partial<ServerOptions> = {
      port: 0,
      dataFile: ':memory:',
      allowedOrigins: ['https://example.org'],
      historyLimit: 20,
      joinBacklog: 5,
    };
    expect(resolveOptions(overrides)).to.deep.equal({ ...DEFAULT_OPTIONS, ...overrides });
  });

  it('ignores overrides that are undefined', () => {
    // Plain-JS callers (and spreads of optional values) can pass undefined; exactOptionalPropertyTypes forbids it in TS.
    const overrides = { port: undefined, host: 'example.org', historyLimit: undefined } as unknown as Partial<ServerOptions>;
    expect(resolveOptions(overrides)).to.deep.equal({ ...DEFAULT_OPTIONS, host: 'example.org' });
  });

  it('does not change DEFAULT_OPTIONS', () => {
    const before = structuredClone(DEFAULT_OPTIONS);
    resolveOptions({ port: 1, allowedOrigins: ['*'] });
    expect(DEFAULT_OPTIONS).to.deep.equal(before);
  });

  it('accepts joinBacklog equal to historyLimit', () => {
    expect(resolveOptions({ historyLimit: 7, joinBacklog: 7 })).to.include({ historyLimit: 7, joinBacklog: 7 });
  });

  it('shortens the default joinBacklog to a shorter history', () => {
    expect(resolveOptions({ historyLimit: 10 })).to.include({ historyLimit: 10, joinBacklog: 10 });
  });

  const tooBig: readonly { name: string; overrides: Partial<ServerOptions> }[] = [
    { name: 'both given', overrides: { historyLimit: 10, joinBacklog: 11 } },
    { name: 'joinBacklog above the default historyLimit', overrides: { joinBacklog: DEFAULT_OPTIONS.historyLimit + 1 } },
  ];
  for (const { name, overrides } of tooBig) {
    it(`throws OptionsError when joinBacklog > historyLimit (${name})`, () => {
      expect(() => resolveOptions(overrides))
        .to.throw(OptionsError, /joinBacklog/)
        .with.property('option', 'joinBacklog');
    });
  }
});
