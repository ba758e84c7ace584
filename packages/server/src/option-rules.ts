import { NAME_MAX_LENGTH, TEXT_HARD_MAX_LENGTH, checkName } from '@itmchat/protocol';
import { LOG_LEVELS, type LogLevel } from './logger.js';
import type { ServerOptions } from './options.js';
import { redactUrl } from './redact-url.js';
import { isProxyEntry } from './visitor-address.js';

export type OptionName = keyof ServerOptions;

/** What one setting accepts. `expected` completes "must be …" in error messages. */
export interface OptionRule {
  readonly expected: string;
  readonly accepts: (value: unknown) => boolean;
}

const DAY_MS = 86_400_000;
/** Ceiling of counts and rates: far above any real chat, low enough to catch a misplaced digit. */
export const COUNT_MAX = 1_000_000;
const SOCKETS_MAX = 10_000_000;

function isInteger(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with exactly these keys: a typo in a nested key fails like one at the top. */
function hasExactKeys(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  return isPlainObject(value) && Object.keys(value).length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

const integer = (min: number, max: number): OptionRule => ({
  expected: `an integer from ${min} to ${max}`,
  accepts: (value) => isInteger(value, min, max),
});

const nonEmptyString: OptionRule = { expected: 'a non-empty string', accepts: isNonEmptyString };

const boolean: OptionRule = { expected: 'true or false', accepts: (value) => typeof value === 'boolean' };

const addressList: OptionRule = {
  expected: 'an array of addresses or CIDRs (e.g. "127.0.0.1", "10.0.0.0/8", "loopback")',
  accepts: (value) => Array.isArray(value) && value.every((entry) => typeof entry === 'string' && isProxyEntry(entry)),
};

/** Options whose value is a secret: never shown in a message. */
const SECRETS: readonly OptionName[] = ['metricsToken', 'identitySecrets'];

const rate: OptionRule = {
  expected: `{ "perSecond": <n>, "burst": <n> }, integers from 0 to ${COUNT_MAX}, burst at least 1 unless perSecond is 0 (no limit)`,
  accepts: (value) =>
    hasExactKeys(value, ['perSecond', 'burst']) &&
    isInteger(value.perSecond, 0, COUNT_MAX) &&
    isInteger(value.burst, 0, COUNT_MAX) &&
    (value.perSecond === 0 || value.burst >= 1),
};

/** Every setting's type and range, keyed like ServerOptions so a new option cannot miss its rule. */
export const OPTION_RULES: { readonly [K in OptionName]-?: OptionRule } = {
  port: integer(0, 65_535),
  host: nonEmptyString,
  dataFile: nonEmptyString,
  redisUrl: { expected: 'a redis:// or rediss:// URL', accepts: (value) => typeof value === 'string' && /^rediss?:\/\/\S+$/.test(value) },
  redisPrefix: nonEmptyString,
  nodeTtlMs: integer(100, 600_000),
  allowedOrigins: {
    expected: 'an array of non-empty strings (origins such as "https://example.org", or "*")',
    accepts: (value) => Array.isArray(value) && value.every(isNonEmptyString),
  },
  logLevel: {
    expected: `one of ${LOG_LEVELS.map((level) => `"${level}"`).join(', ')}`,
    accepts: (value) => LOG_LEVELS.includes(value as LogLevel),
  },
  defaultPlace: {
    expected: `a place name (1 to ${NAME_MAX_LENGTH} letters, digits, "_", "-" or ".")`,
    accepts: (value) => typeof value === 'string' && checkName(value).ok,
  },
  historyLimit: integer(1, COUNT_MAX),
  joinBacklog: integer(0, COUNT_MAX),
  placeRetentionMs: integer(0, 100 * 365 * DAY_MS),
  textMaxLength: integer(1, TEXT_HARD_MAX_LENGTH),
  graceMs: integer(0, DAY_MS),
  heartbeatMs: integer(10, DAY_MS),
  maxPayload: integer(1024, 100 * 1024 * 1024),
  maxBadFrames: integer(0, COUNT_MAX),
  sayRate: rate,
  commandRate: rate,
  presenceRate: rate,
  presenceRatePerIp: rate,
  // 0 would not mean "close at the first refusal" but "never close" (an empty bucket that never refills).
  maxRateRefusals: integer(1, COUNT_MAX),
  rateAbuseWindowMs: integer(1, DAY_MS),
  trustProxy: {
    expected: 'an array of proxy addresses or CIDRs (e.g. "127.0.0.1", "10.0.0.0/8", "loopback")',
    accepts: (value) => Array.isArray(value) && value.every((entry) => typeof entry === 'string' && isProxyEntry(entry)),
  },
  maxConnectionsPerIp: integer(0, SOCKETS_MAX),
  maxHttpSocketsPerIp: integer(0, SOCKETS_MAX),
  maxSessionsPerIp: integer(0, SOCKETS_MAX),
  maxPlaces: integer(0, SOCKETS_MAX),
  typingMaxMembers: integer(0, SOCKETS_MAX),
  maxBufferedBytes: integer(1024, 1024 * 1024 * 1024),
  staticRoots: {
    expected: 'an array of { "prefix": "/<path>", "dir": "<folder>" } (and optionally "subfolders": false)',
    accepts: (value) =>
      Array.isArray(value) &&
      value.every(
        (root) =>
          (hasExactKeys(root, ['prefix', 'dir']) ||
            (hasExactKeys(root, ['prefix', 'dir', 'subfolders']) && typeof root.subfolders === 'boolean')) &&
          typeof root.prefix === 'string' &&
          root.prefix.startsWith('/') &&
          isNonEmptyString(root.dir),
      ),
  },
  sourceMaps: boolean,
  metricsAllow: addressList,
  metricsToken: {
    expected: 'a token of 16 to 256 visible ASCII characters, no spaces',
    accepts: (value) => typeof value === 'string' && /^[\x21-\x7e]{16,256}$/.test(value),
  },
  metricsNicks: boolean,
  identitySecrets: {
    expected: 'an array of secrets of at least 32 characters',
    accepts: (value) => Array.isArray(value) && value.every((secret) => typeof secret === 'string' && secret.length >= 32),
  },
  identityKeys: {
    expected: 'a JWKS file path or an https:// URL',
    accepts: (value) => typeof value === 'string' && value !== '' && !value.startsWith('http://'),
  },
  identityAudience: nonEmptyString,
  anonymous: { expected: '"allow" or "deny"', accepts: (value) => value === 'allow' || value === 'deny' },
};

export const OPTION_NAMES = Object.keys(OPTION_RULES) as readonly OptionName[];

export function isOptionName(name: string): name is OptionName {
  return Object.hasOwn(OPTION_RULES, name);
}

/** A value as error messages show it: JSON (but NaN as NaN), with a secret (the Redis password, the metrics token) masked. */
export function shownValue(name: OptionName, value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (SECRETS.includes(name)) return '"***"';
  return JSON.stringify(name === 'redisUrl' && typeof value === 'string' ? redactUrl(value) : value) ?? String(value);
}
