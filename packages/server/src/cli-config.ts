import type { CliCommand } from './cli-options.js';
import { readConfigFile } from './config-file.js';
import { layerOptions, type LayeredOptions } from './option-layers.js';
import { redactUrl } from './redact-url.js';

export type CliRun = Extract<CliCommand, { readonly help: false }>;

/**
 * The command's settings, each from the first that gives it: flag, ITMCHAT_* variable, config
 * file, default (the demo site, `demoSite`, served at / unless told otherwise: its own pages,
 * styles and scripts, not its subfolders such as the Express example). Throws OptionsError for
 * a config file that cannot be used.
 */
export function cliOptions(command: CliRun, demoSite: string): LayeredOptions {
  return layerOptions([
    { source: 'default', options: { staticRoots: [{ prefix: '/', dir: demoSite, subfolders: false }] } },
    { source: 'file', options: command.configFile === undefined ? {} : readConfigFile(command.configFile) },
    { source: 'env', options: command.fromEnv },
    { source: 'flag', options: command.fromFlags },
  ]);
}

/** What --print-config prints: the config file read, the settings (the Redis password and the metrics token masked) and where each came from. */
export function printableConfig(options: LayeredOptions, configFile: string | undefined): string {
  const { redisUrl, metricsToken, identitySecrets, ...settings } = options.settings;
  const masked = {
    ...settings,
    ...(redisUrl === undefined ? {} : { redisUrl: redactUrl(redisUrl) }),
    ...(metricsToken === undefined ? {} : { metricsToken: '***' }),
    ...(identitySecrets === undefined ? {} : { identitySecrets: identitySecrets.map(() => '***') }),
  };
  return `${JSON.stringify({ configFile: configFile ?? null, settings: masked, sources: options.sources }, null, 2)}\n`;
}
