import { KmsError } from './errors';

/**
 * Request validation in the shape of AWS's front end: a member of the wrong JSON type is a SerializationException;
 * every constraint failure is collected into one Coral-style ValidationException
 * ("2 validation errors detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: …; …").
 * The JS SDK validates nothing client-side, so the sandbox must.
 */

type Problems = string[];

export interface Field<T, R extends boolean> {
  readonly required: R;
  /** Returns the parsed value, or undefined after pushing a problem. Throws SerializationException on a wrong JSON type. */
  parse(raw: unknown, path: string, problems: Problems): T | undefined;
}

type Schema = Record<string, Field<unknown, boolean>>;
export type Parsed<S extends Schema> = {
  [K in keyof S]: S[K] extends Field<infer T, true> ? T : S[K] extends Field<infer T, boolean> ? T | undefined : never;
};

const serialization = (): KmsError =>
  new KmsError('SerializationException', 'Start of structure or map found where not expected.');

const memberPath = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * Longest echo of a refused value. AWS quotes refused values whole, and the conformance tests hold the sandbox to
 * that for every length a constraint names (the longest is a description's 8192); but a 900,000-character KeyId must
 * not come back as a 900 KB error body.
 */
export const MAX_ECHOED_CHARACTERS = 10_000;

/** The value as an error message quotes it, cut after MAX_ECHOED_CHARACTERS with the full length said. */
export function echoed(value: unknown): string {
  const text = Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
  return text.length <= MAX_ECHOED_CHARACTERS
    ? text
    : `${text.slice(0, MAX_ECHOED_CHARACTERS)}… (${text.length} characters)`;
}

function violation(problems: Problems, path: string, value: unknown, constraint: string, sensitive = false): undefined {
  const shown = sensitive ? 'Value' : `Value '${echoed(value)}'`;
  problems.push(`${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  return undefined;
}

interface Bounds {
  min?: number;
  max?: number;
}

/** The bound `size` breaks, worded as AWS does: "length" for strings, blobs and lists, "value" for numbers. */
function brokenBound(size: number, bounds: Bounds, measure: 'length' | 'value'): string | undefined {
  if (bounds.min !== undefined && size < bounds.min) {
    return `Member must have ${measure} greater than or equal to ${bounds.min}`;
  }
  if (bounds.max !== undefined && size > bounds.max) {
    return `Member must have ${measure} less than or equal to ${bounds.max}`;
  }
  return undefined;
}

interface StringRules extends Bounds {
  pattern?: RegExp;
  enum?: readonly string[];
}

function checkString(value: string, path: string, problems: Problems, rules: StringRules): string | undefined {
  if (rules.enum && !rules.enum.includes(value)) {
    return violation(problems, path, value, `Member must satisfy enum value set: [${rules.enum.join(', ')}]`);
  }
  const broken = brokenBound(value.length, rules, 'length');
  if (broken) {
    return violation(problems, path, value, broken);
  }
  if (rules.pattern && !rules.pattern.test(value)) {
    return violation(problems, path, value, `Member must satisfy regular expression pattern: ${rules.pattern.source}`);
  }
  return value;
}

function field<T, R extends boolean>(required: R, parse: Field<T, R>['parse']): Field<T, R> {
  return { required, parse };
}

export function str<const R extends boolean = false>(rules: StringRules & { required?: R } = {}): Field<string, R> {
  return field((rules.required ?? false) as R, (raw, path, problems) => {
    if (typeof raw !== 'string') {
      throw serialization();
    }
    return checkString(raw, path, problems, rules);
  });
}

export function enumOf<const E extends string, const R extends boolean = false>(
  values: readonly E[],
  opts: { required?: R } = {},
): Field<E, R> {
  return str({ enum: values, required: opts.required }) as unknown as Field<E, R>;
}

export function int<const R extends boolean = false>(rules: Bounds & { required?: R } = {}): Field<number, R> {
  return field((rules.required ?? false) as R, (raw, path, problems) => {
    if (typeof raw !== 'number' || !Number.isInteger(raw)) {
      throw serialization();
    }
    const broken = brokenBound(raw, rules, 'value');
    return broken ? violation(problems, path, raw, broken) : raw;
  });
}

export function bool<const R extends boolean = false>(opts: { required?: R } = {}): Field<boolean, R> {
  return field((opts.required ?? false) as R, (raw) => {
    if (typeof raw !== 'boolean') {
      throw serialization();
    }
    return raw;
  });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A base64 blob; length rules apply to the decoded bytes. Secret blobs never echo their value. */
export function blob<const R extends boolean = false>(rules: Bounds & { required?: R } = {}): Field<Buffer, R> {
  return field((rules.required ?? false) as R, (raw, path, problems) => {
    if (typeof raw !== 'string' || !BASE64.test(raw)) {
      throw serialization();
    }
    const bytes = Buffer.from(raw, 'base64');
    const broken = brokenBound(bytes.length, rules, 'length');
    if (broken) {
      return violation(problems, path, undefined, broken, true);
    }
    return bytes;
  });
}

/** Epoch seconds (fractions allowed) → milliseconds. */
export function timestamp<const R extends boolean = false>(opts: { required?: R } = {}): Field<number, R> {
  return field((opts.required ?? false) as R, (raw) => {
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      throw serialization();
    }
    return Math.round(raw * 1000);
  });
}

/** EncryptionContext: string → string. An empty map is the same as no map (the CLI sends `{}`). */
export function stringMap<const R extends boolean = false>(
  opts: { required?: R } = {},
): Field<Record<string, string> | undefined, R> {
  return field((opts.required ?? false) as R, (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw serialization();
    }
    const entries = Object.entries(raw);
    for (const [, v] of entries) {
      if (typeof v !== 'string') {
        throw serialization();
      }
    }
    return entries.length === 0 ? undefined : (raw as Record<string, string>);
  });
}

export function list<T, const R extends boolean = false>(
  item: Field<T, boolean>,
  rules: Bounds & { required?: R } = {},
): Field<T[], R> {
  return field((rules.required ?? false) as R, (raw, path, problems) => {
    if (!Array.isArray(raw)) {
      throw serialization();
    }
    const broken = brokenBound(raw.length, rules, 'length');
    if (broken) {
      return violation(problems, path, raw, broken);
    }
    const before = problems.length;
    const out = raw.map((element, i) => item.parse(element, `${path}.${i + 1}.member`, problems));
    return problems.length > before ? undefined : (out as T[]);
  });
}

/** A nested structure; member paths read `tags.1.member.tagKey`. */
export function struct<S extends Schema, const R extends boolean = false>(
  schema: S,
  opts: { required?: R } = {},
): Field<Parsed<S>, R> {
  return field((opts.required ?? false) as R, (raw, path, problems) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw serialization();
    }
    return parseMembers(raw as Record<string, unknown>, schema, problems, `${path}.`);
  });
}

function parseMembers<S extends Schema>(
  body: Record<string, unknown>,
  schema: S,
  problems: Problems,
  prefix: string,
): Parsed<S> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const path = prefix + memberPath(name);
    const raw = body[name];
    if (raw === undefined || raw === null) {
      if (spec.required) {
        problems.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      }
      continue;
    }
    out[name] = spec.parse(raw, path, problems);
  }
  return out as Parsed<S>;
}

/** Parses a request body against a schema, throwing the ValidationException KMS would send. */
export function parseInput<S extends Schema>(body: unknown, schema: S): Parsed<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw serialization();
  }
  const problems: Problems = [];
  const out = parseMembers(body as Record<string, unknown>, schema, problems, '');
  if (problems.length > 0) {
    const head =
      problems.length === 1 ? '1 validation error detected' : `${problems.length} validation errors detected`;
    throw new KmsError('ValidationException', `${head}: ${problems.join('; ')}`);
  }
  return out;
}

/** Fields many operations share. */
export const common = {
  keyId: <const R extends boolean = true>(required: R = true as R) => str({ min: 1, max: 2048, required }),
  grantTokens: () => list(str({ min: 1, max: 8192 }), { max: 10 }),
  /** The model range; operations clamp to their documented maximum (kms-api.md §6). */
  limit: () => int({ min: 1, max: 1000 }),
  marker: () => str({ min: 1, max: 1024, pattern: /^[\u0020-\u00FF]*$/ }),
};
