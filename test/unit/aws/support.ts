import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../../../src/aws/env';

/** A temporary folder for shared config/credentials files, and an injected env that points at them. */
export interface AwsFolder {
  dir: string;
  configFile: string;
  credentialsFile: string;
  /** The env a test passes to the code under test: HOME and both file variables point into `dir`. */
  env(extra?: Record<string, string | undefined>): Env;
  config(text: string): Promise<void>;
  credentials(text: string): Promise<void>;
  /** Writes an executable file (a credential_process script). */
  script(name: string, text: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function awsFolder(): Promise<AwsFolder> {
  const dir = await mkdtemp(join(tmpdir(), 'kms-aws-'));
  const configFile = join(dir, 'config');
  const credentialsFile = join(dir, 'credentials');
  return {
    dir,
    configFile,
    credentialsFile,
    env: (extra = {}) => ({
      HOME: dir,
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      ...extra,
    }),
    config: async (text) => writeFile(configFile, text),
    credentials: async (text) => writeFile(credentialsFile, text),
    script: async (name, text) => {
      const file = join(dir, name);
      await writeFile(file, text);
      await chmod(file, 0o755);
      return file;
    },
    cleanup: async () => rm(dir, { recursive: true, force: true }),
  };
}

export interface StsRequest {
  params: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** A tiny STS that answers AssumeRole with fixed temporary credentials and records what it was asked. */
export async function fakeSts(): Promise<{ endpoint: string; requests: StsRequest[]; close(): Promise<void> }> {
  const requests: StsRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      requests.push({ params, headers: req.headers });
      const expiration = new Date(Date.now() + 3600_000).toISOString();
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAROLEEXAMPLE00001</AccessKeyId>
      <SecretAccessKey>role-secret</SecretAccessKey>
      <SessionToken>role-session-token</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::111122223333:assumed-role/KmsAdmin/session</Arn>
      <AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
</AssumeRoleResponse>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: async () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
