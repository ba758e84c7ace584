import { fileURLToPath } from 'node:url';
import { cliOptions, printableConfig } from './cli-config.js';
import { HELP, UsageError, parseCli } from './cli-options.js';
import { jsonLogger } from './logger.js';
import { startServer } from './server.js';
import { OptionsError } from './validate-options.js';

/** The repository's demo site, relative to this file (dist/cli.js once built). */
const DEMO_SITE = fileURLToPath(new URL('../../../examples', import.meta.url));

async function main(): Promise<void> {
  let configured;
  try {
    const command = parseCli(process.argv.slice(2), process.env);
    configured = command.help ? undefined : { command, options: cliOptions(command, DEMO_SITE) };
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof OptionsError)) throw error;
    process.stderr.write(`itmchat-server: ${error.message}\nTry 'itmchat-server --help'.\n`);
    process.exit(2);
  }
  if (configured === undefined) {
    process.stdout.write(HELP);
    return;
  }
  const { command, options } = configured;
  if (command.printConfig) {
    process.stdout.write(printableConfig(options, command.configFile));
    return;
  }
  const log = jsonLogger({ level: options.settings.logLevel ?? 'info' });
  const server = await startServer(options.settings, { log });
  process.stdout.write(`itmchat listening on ${server.url} (chat at ${server.url.replace(/^http/, 'ws')}/ws)\n`);
  const stop = (signal: string) => {
    log('info', 'signal', { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log('error', 'shutdown_failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`itmchat-server: ${(error as Error).message ?? error}\n`);
  process.exit(1);
});
