/**
 * The environment variables the connection layer reads, passed in rather than read from `process.env`, so the
 * extension passes `process.env` and tests pass a made-up one.
 */
export type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value, trimmed; unset and blank are both `undefined` (as the AWS CLI treats them). */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** A boolean setting written as `true`/`false` (any case), from the environment or a profile; else `undefined`. */
export function parseFlag(value: string | undefined): boolean | undefined {
  switch (value?.trim().toLowerCase()) {
    case 'true':
      return true;
    case 'false':
      return false;
    default:
      return undefined;
  }
}
