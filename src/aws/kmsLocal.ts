import type { KMSClient } from '@aws-sdk/client-kms';

/**
 * kms-local, the sandbox KMS, names itself in a header on every reply (src/sandbox/server.ts, which cannot import
 * this module; a sandbox test checks that the two agree). That header is the honest way to tell it from AWS KMS: a
 * loopback endpoint may be a tunnel to AWS, and an account id can be anything.
 */
export const KMS_LOCAL_HEADER = 'x-kms-local';

/**
 * Calls `onAnswer` with the endpoint on each successful reply `client` gets from kms-local, as it arrives (before
 * the SDK reads its body).
 */
export function watchForKmsLocal(client: KMSClient, onAnswer: (endpoint: string) => void): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const output = await next(args);
      const { protocol, hostname, port } = args.request as { protocol?: string; hostname?: string; port?: number };
      const { statusCode = 0, headers = {} } = output.response as {
        statusCode?: number;
        headers?: Record<string, string | undefined>;
      };
      if (statusCode >= 200 && statusCode < 300 && headers[KMS_LOCAL_HEADER] !== undefined) {
        onAnswer(`${protocol ?? 'https:'}//${hostname ?? ''}${port === undefined ? '' : `:${port}`}`);
      }
      return output;
    },
    // Below the deserializer, so it sees the HTTP reply itself; by name, so watching a cached client again replaces
    // the watch instead of adding a second one.
    { step: 'deserialize', priority: 'low', name: 'watchForKmsLocal', override: true },
  );
}
