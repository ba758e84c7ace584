import { readFileSync } from 'node:fs';
import type { ServerOptions } from './options.js';
import { OptionsError, validateOptions } from './validate-options.js';

/**
 * Reads a JSON config file: one object whose keys are ServerOptions names (docs/configuration.md).
 * Every problem throws OptionsError with a message that names the file, and the option if it is one.
 */
export function readConfigFile(path: string): Partial<ServerOptions> {
  const fail = (problem: string, option?: string) => new OptionsError(`config file ${path}: ${problem}`, option);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail(`is not valid JSON (${(error as Error).message})`);
  }
  try {
    return validateOptions(json);
  } catch (error) {
    if (error instanceof OptionsError) throw fail(error.message, error.option);
    throw error;
  }
}
