import { closestName } from './closest-name.js';
import { OPTION_NAMES, OPTION_RULES, isOptionName, isPlainObject, shownValue } from './option-rules.js';
import { DEFAULT_JOIN_BACKLOG, DEFAULT_OPTIONS, type ServerOptions } from './options.js';

/** Options that cannot be used: an unknown name or a value of the wrong type or range. */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';

  constructor(
    message: string,
    /** The option at fault, when it is one option (not, say, an unreadable config file). */
    readonly option?: string,
  ) {
    super(message);
  }
}

/**
 * Checks options from any caller, typed or not (plain JS, a JSON file): every key must be a
 * ServerOptions name and every value must pass its rule. `undefined` means "not given" and is dropped.
 */
export function validateOptions(input: unknown): Partial<ServerOptions> {
  if (!isPlainObject(input)) throw new OptionsError(`options must be an object, got ${kindOf(input)}`);
  const given: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!isOptionName(name)) {
      const suggestion = closestName(name, OPTION_NAMES);
      throw new OptionsError(`unknown option "${name}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`, name);
    }
    const rule = OPTION_RULES[name];
    if (!rule.accepts(value)) throw new OptionsError(`option "${name}" must be ${rule.expected}, got ${shownValue(name, value)}`, name);
    given[name] = value;
  }
  return given;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/**
 * The options to run with: the defaults, overridden by whatever is given. Throws OptionsError on an
 * unknown option or a bad value (validateOptions above), so callers from plain JS fail fast too.
 */
export function resolveOptions(overrides: Partial<ServerOptions> = {}): ServerOptions {
  const given = validateOptions(overrides);
  const options = { ...DEFAULT_OPTIONS, ...given };
  // A short history shortens the default join backlog with it; only an explicit one can conflict.
  if (given.joinBacklog === undefined) options.joinBacklog = Math.min(DEFAULT_JOIN_BACKLOG, options.historyLimit);
  if (options.joinBacklog > options.historyLimit) {
    throw new OptionsError(
      `option "joinBacklog" (${options.joinBacklog}) cannot exceed historyLimit (${options.historyLimit})`,
      'joinBacklog',
    );
  }
  return options;
}
