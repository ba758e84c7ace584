/**
 * A few validating combinators, enough for the frames and no more (the package stays
 * dependency-free). A schema copies only the fields it knows into a fresh value, so
 * nothing unchecked — extra keys, `__proto__` — survives decoding.
 */
export class SchemaError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`${path || 'frame'} ${problem}`);
    this.name = 'SchemaError';
  }
}

export interface Schema<T> {
  readonly parse: (value: unknown, path: string) => T;
}
interface OptionalSchema<T> extends Schema<T> {
  readonly optional: true;
}
export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);

export function string(limits: { readonly min?: number; readonly max: number }): Schema<string> {
  const min = limits.min ?? 0;
  return {
    parse(value, path) {
      if (typeof value !== 'string') throw new SchemaError(path, `must be a string, not ${describe(value)}`);
      if (value.length < min) throw new SchemaError(path, `must be at least ${min} characters`);
      if (value.length > limits.max) throw new SchemaError(path, `must be at most ${limits.max} characters`);
      return value;
    },
  };
}

const LONE_SURROGATE = /\p{Surrogate}/u;
type MaybeWellFormed = { readonly isWellFormed?: (this: string) => boolean };

/**
 * Whether `text` is well-formed UTF-16 (no lone surrogate): `String.prototype.isWellFormed`
 * (ES2024) where the engine has it, else the same test as a regular expression (Safari < 16.4).
 */
export function isWellFormed(text: string): boolean {
  const native = (String.prototype as MaybeWellFormed).isWellFormed;
  return native ? native.call(text) : !LONE_SURROGATE.test(text);
}

/**
 * `inner`, refusing a string that is not well-formed Unicode. A lone surrogate cannot be
 * stored as sent (SQLite and Redis keep UTF-8, where it becomes U+FFFD), so a client's
 * live copy and everyone's backlog would differ: every string a client sends is checked.
 */
export function wellFormed(inner: Schema<string>): Schema<string> {
  return {
    parse(value, path) {
      const text = inner.parse(value, path);
      if (!isWellFormed(text)) throw new SchemaError(path, 'must be well-formed Unicode');
      return text;
    },
  };
}

export function integer(min: number, max: number): Schema<number> {
  return {
    parse(value, path) {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new SchemaError(path, `must be an integer, not ${describe(value)}`);
      }
      if (value < min || value > max) throw new SchemaError(path, `must be between ${min} and ${max}`);
      return value;
    },
  };
}

export const boolean: Schema<boolean> = {
  parse(value, path) {
    if (typeof value !== 'boolean') throw new SchemaError(path, `must be a boolean, not ${describe(value)}`);
    return value;
  },
};

export function literal<T extends string>(...allowed: readonly T[]): Schema<T> {
  return {
    parse(value, path) {
      if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
        throw new SchemaError(path, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
      }
      return value as T;
    },
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return { parse: (value, path) => (value === null ? null : inner.parse(value, path)) };
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return { optional: true, parse: inner.parse };
}

export function array<T>(item: Schema<T>, maxLength: number): Schema<T[]> {
  return {
    parse(value, path) {
      if (!Array.isArray(value)) throw new SchemaError(path, `must be an array, not ${describe(value)}`);
      if (value.length > maxLength) throw new SchemaError(path, `must have at most ${maxLength} items`);
      return value.map((entry, i) => item.parse(entry, `${path}[${i}]`));
    },
  };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const entries = Object.entries(shape);
  return {
    parse(value, path) {
      if (!isPlainObject(value)) throw new SchemaError(path, `must be an object, not ${describe(value)}`);
      const out: Record<string, unknown> = {};
      for (const [key, field] of entries) {
        const present = Object.hasOwn(value, key) && value[key] !== undefined;
        if (!present) {
          if ('optional' in field) continue;
          throw new SchemaError(path ? `${path}.${key}` : key, 'is missing');
        }
        out[key] = field.parse(value[key], path ? `${path}.${key}` : key);
      }
      return out as ObjectOf<S>;
    },
  };
}

/** One of several object shapes, picked by the string in `tag`. */
export function tagged<K extends string, V extends Record<string, Schema<object>>>(
  tag: K,
  variants: V,
): Schema<{ [N in keyof V]: Infer<V[N]> & { [T in K]: N } }[keyof V]> {
  const names = Object.keys(variants);
  return {
    parse(value, path) {
      if (!isPlainObject(value)) throw new SchemaError(path, `must be an object, not ${describe(value)}`);
      const name = value[tag];
      if (typeof name !== 'string' || !Object.hasOwn(variants, name)) {
        throw new SchemaError(path ? `${path}.${tag}` : tag, `must be one of ${names.map((n) => `"${n}"`).join(', ')}`);
      }
      return { ...variants[name]!.parse(value, path), [tag]: name } as never;
    },
  };
}
