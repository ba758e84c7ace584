import { expect } from 'chai';
import { HELP, UsageError, parseCli } from '../src/cli-options.js';

// The abuse-limit flags (issue 7); the other flags are in cli-options.test.ts.
describe('parseCli: abuse limits', () => {
  const parsed = (argv: readonly string[], env: Record<string, string> = {}) => {
    const command = parseCli(argv, env);
    if (command.help) throw new Error('expected options, got help');
    return command;
  };
  const options = (argv: readonly string[]) => parsed(argv).fromFlags;

  it('documents each flag', () => {
    for (const flag of ['--max-connections-per-ip', '--max-places', '--say-rate', '--command-rate']) expect(HELP).to.include(flag);
  });

  it('maps each flag', () => {
    expect(options(['--max-connections-per-ip', '20000'])).to.deep.equal({ maxConnectionsPerIp: 20_000 });
    expect(options(['--max-connections-per-ip', '0'])).to.deep.equal({ maxConnectionsPerIp: 0 });
    expect(options(['--max-places', '50'])).to.deep.equal({ maxPlaces: 50 });
    expect(options(['--say-rate', '4'])).to.deep.equal({ sayRate: { perSecond: 4, burst: 8 } });
    expect(options(['--say-rate', '4:5'])).to.deep.equal({ sayRate: { perSecond: 4, burst: 5 } });
    expect(options(['--command-rate', '0'])).to.deep.equal({ commandRate: { perSecond: 0, burst: 0 } });
  });

  it('reads the environment', () => {
    const env = { ITMCHAT_MAX_CONNECTIONS_PER_IP: '7', ITMCHAT_MAX_PLACES: '8', ITMCHAT_SAY_RATE: '1:2', ITMCHAT_COMMAND_RATE: '3' };
    expect(parsed([], env).fromEnv).to.deep.equal({
      maxConnectionsPerIp: 7,
      maxPlaces: 8,
      sayRate: { perSecond: 1, burst: 2 },
      commandRate: { perSecond: 3, burst: 6 },
    });
  });

  for (const argv of [
    ['--say-rate', 'fast'],
    ['--say-rate', '5:'],
    ['--say-rate', '-1'],
    ['--say-rate', '5:0'],
    ['--command-rate', '1.5'],
    ['--max-places', '-1'],
    ['--max-connections-per-ip', 'many'],
  ]) {
    it(`rejects ${argv.join(' ')}`, () => {
      expect(() => parseCli(argv, {})).to.throw(UsageError, new RegExp(argv[0]!));
    });
  }
});
