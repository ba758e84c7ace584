import { fileURLToPath } from 'node:url';
import { checkName } from '@itmchat/protocol';
import { HELP, UsageError, parseCli } from './cli-options.js';
import { jsonLogger } from './logger.js';
import { startServer } from './server.js';

/** The repository's demo site, relative to this file (dist/cli.js once built). */
const DEMO_SITE = fileURLToPath(new URL('../../../examples', import.meta.url));
/** The browser bundles the build writes beside this file. */
const BUNDLES = fileURLToPath(new URL('./public', import.meta.url));

async function main(): Promise<void> {
  let command;
  try {
    command = parseCli(process.argv.slice(2), process.env);
    const place = command.help ? undefined : command.options.defaultPlace;
    if (place !== undefined && !checkName(place).ok) throw new UsageError(`--place "${place}" is not a valid place name`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`itmchat-server: ${error.message}\nTry 'itmchat-server --help'.\n`);
    process.exit(2);
  }
  if (command.help) {
    process.stdout.write(HELP);
    return;
  }
  const log = jsonLogger();
  const server = await startServer({ ...command.options, staticRoots: [{ prefix: '/itmchat/', dir: BUNDLES }, { prefix: '/', dir: command.site ?? DEMO_SITE }] }, { log });
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
