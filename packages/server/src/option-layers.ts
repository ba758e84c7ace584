import type { ServerOptions } from './options.js';
import { resolveOptions } from './validate-options.js';

/** Where a setting's value came from; precedence rises in this order. */
export type OptionSource = 'default' | 'file' | 'env' | 'flag';

export interface OptionLayer {
  readonly source: OptionSource;
  readonly options: Partial<ServerOptions>;
}

export interface LayeredOptions {
  readonly settings: ServerOptions;
  /** The source of every setting in `settings`: "default" unless a layer gave it. */
  readonly sources: Readonly<Record<string, OptionSource>>;
}

/**
 * Stacks layers, lowest first: a later layer's value replaces an earlier one whole (an origin list
 * or a rate is never merged), then the result is resolved and validated like any other options.
 */
export function layerOptions(layers: readonly OptionLayer[]): LayeredOptions {
  const merged: Record<string, unknown> = {};
  const given: Record<string, OptionSource> = {};
  for (const { source, options } of layers) {
    for (const [name, value] of Object.entries(options)) {
      if (value === undefined) continue;
      merged[name] = value;
      given[name] = source;
    }
  }
  const settings = resolveOptions(merged);
  const sources = Object.fromEntries(Object.keys(settings).map((name) => [name, given[name] ?? 'default']));
  return { settings, sources };
}
