import { parseArgs } from 'node:util';
import { CLI_SETTINGS, type CliSetting } from './cli-settings.js';
import { OPTION_RULES, shownValue, type OptionName } from './option-rules.js';
import { DEFAULT_OPTIONS, type ServerOptions } from './options.js';

/** A command-line mistake: reported on stderr with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const SETTINGS = Object.entries(CLI_SETTINGS) as readonly (readonly [OptionName, CliSetting])[];
const HELP_COLUMN = 28;

export const HELP = `Usage: itmchat-server [options]

Serves the chat (WebSocket at /ws), /healthz and the demo site on one port.

Each setting is taken from the first of: its flag, its environment variable, the JSON config
file, the built-in default. docs/configuration.md describes every setting and the config file.

${helpEntry('    --config <file>', 'read settings from this JSON file', 'ITMCHAT_CONFIG')}
${helpEntry('    --print-config', 'print the effective settings as JSON and exit (secrets masked)')}
${helpEntry('-h, --help', 'show this help')}

${SETTINGS.map(([name, setting]) => settingHelp(name, setting)).join('\n')}
`;

/** A flag, what it does, and optionally a second line (its variable, config key and default). */
function helpEntry(flag: string, help: string, details?: string): string {
  const head = `  ${flag}`;
  const lines = [head.length < HELP_COLUMN ? `${head.padEnd(HELP_COLUMN)}${help}` : `${head}\n${' '.repeat(HELP_COLUMN)}${help}`];
  if (details !== undefined) lines.push(`${' '.repeat(HELP_COLUMN)}${details}`);
  return lines.join('\n');
}

function settingHelp(name: OptionName, setting: CliSetting): string {
  const flag = `${setting.short === undefined ? '    ' : `-${setting.short}, `}--${setting.flag} ${setting.arg}`;
  const shownDefault = setting.shownDefault ?? shown(DEFAULT_OPTIONS[name]);
  return helpEntry(flag, setting.help, `${setting.env.join(' or ')}, config "${name}", default ${shownDefault}`);
}

/** A default as a flag would be written: a rate as n:burst. */
function shown(value: unknown): string {
  return typeof value === 'object' && value !== null && 'perSecond' in value && 'burst' in value
    ? `${value.perSecond}:${value.burst}`
    : String(value);
}

export type CliCommand =
  | { readonly help: true }
  | {
      readonly help: false;
      /** --print-config: print the effective settings instead of serving. */
      readonly printConfig: boolean;
      /** --config or ITMCHAT_CONFIG. */
      readonly configFile: string | undefined;
      /** Settings given by ITMCHAT_* variables, and by flags, kept apart for the precedence. */
      readonly fromEnv: Partial<ServerOptions>;
      readonly fromFlags: Partial<ServerOptions>;
    };

const FLAGS = {
  ...Object.fromEntries(
    SETTINGS.map(
      ([, setting]) =>
        [
          setting.flag,
          { type: 'string', multiple: setting.repeatable === true, ...(setting.short === undefined ? {} : { short: setting.short }) },
        ] as const,
    ),
  ),
  config: { type: 'string' },
  'print-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Turns argv and the environment into settings, one layer each. Throws UsageError on anything it cannot use. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliCommand {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    values = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: FLAGS }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help === true) return { help: true };
  const fromEnv: Record<string, unknown> = {};
  const fromFlags: Record<string, unknown> = {};
  for (const [name, setting] of SETTINGS) {
    const flagged = values[setting.flag];
    if (flagged !== undefined) fromFlags[name] = settingValue(name, `--${setting.flag}`, [flagged].flat().join(','));
    const variable = setting.env.find((candidate) => env[candidate] !== undefined);
    if (variable !== undefined) fromEnv[name] = settingValue(name, variable, env[variable]!);
  }
  return {
    help: false,
    printConfig: values['print-config'] === true,
    configFile: configFile(values.config as string | undefined, env.ITMCHAT_CONFIG),
    fromEnv,
    fromFlags,
  };
}

/** The value of a flag or variable (`origin` names which, for the message), checked by the option's rule. */
function settingValue(name: OptionName, origin: string, text: string): unknown {
  const setting = CLI_SETTINGS[name];
  const rule = OPTION_RULES[name];
  const value = setting.parse(text);
  if (!rule.accepts(value)) throw new UsageError(`${origin} must be ${setting.syntax ?? rule.expected}, not ${shownValue(name, text)}`);
  return value;
}

function configFile(flag: string | undefined, variable: string | undefined): string | undefined {
  const file = flag ?? variable;
  if (file?.trim() === '') throw new UsageError(`${flag === undefined ? 'ITMCHAT_CONFIG' : '--config'} must name a file`);
  return file;
}
