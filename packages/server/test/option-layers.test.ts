import { expect } from 'chai';
import { layerOptions } from '../src/option-layers.js';
import { DEFAULT_OPTIONS } from '../src/options.js';
import { OptionsError } from '../src/validate-options.js';

describe('layerOptions', () => {
  it('gives the defaults, each from "default", when no layer says anything', () => {
    const { settings, sources } = layerOptions([]);
    expect(settings).to.deep.equal(DEFAULT_OPTIONS);
    expect(Object.keys(sources)).to.have.members(Object.keys(DEFAULT_OPTIONS));
    expect(new Set(Object.values(sources))).to.deep.equal(new Set(['default']));
  });

  it('lets a later layer replace a value whole: a rate or a list is not merged', () => {
    const { settings, sources } = layerOptions([
      { source: 'file', options: { sayRate: { perSecond: 1, burst: 9 }, allowedOrigins: ['https://a.example', 'https://b.example'] } },
      { source: 'flag', options: { sayRate: { perSecond: 2, burst: 4 }, allowedOrigins: ['https://c.example'] } },
    ]);
    expect(settings).to.deep.include({ sayRate: { perSecond: 2, burst: 4 }, allowedOrigins: ['https://c.example'] });
    expect(sources).to.include({ sayRate: 'flag', allowedOrigins: 'flag', port: 'default' });
  });

  it('skips undefined values, so they do not hide a lower layer', () => {
    const { settings, sources } = layerOptions([
      { source: 'file', options: { port: 1 } },
      { source: 'env', options: { port: undefined } as unknown as { port: number } },
    ]);
    expect(settings.port).to.equal(1);
    expect(sources.port).to.equal('file');
  });

  it('lists redisUrl only when a layer gives it', () => {
    expect(layerOptions([]).sources).not.to.have.property('redisUrl');
    expect(layerOptions([{ source: 'env', options: { redisUrl: 'redis://r:6379' } }]).sources).to.include({ redisUrl: 'env' });
  });

  it('checks the merged result: joinBacklog may not exceed a historyLimit from another layer', () => {
    expect(() =>
      layerOptions([
        { source: 'file', options: { joinBacklog: 20 } },
        { source: 'flag', options: { historyLimit: 10 } },
      ]),
    ).to.throw(OptionsError, /joinBacklog/);
  });
});
