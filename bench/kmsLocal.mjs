// Starts the built kms-local CLI as a child process for a benchmark and reads its endpoint and credentials
// from the `export` lines it prints, as a user would.
import { spawn } from 'node:child_process';

export async function startKmsLocal(cli, args) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const server = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`kms-local exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('Press Ctrl+C to stop.')) {
        return;
      }
      const value = (name) => new RegExp(`^export ${name}=(\\S+)$`, 'm').exec(out)?.[1];
      resolve({
        endpoint: value('AWS_ENDPOINT_URL_KMS'),
        region: value('AWS_REGION'),
        credentials: { accessKeyId: value('AWS_ACCESS_KEY_ID'), secretAccessKey: value('AWS_SECRET_ACCESS_KEY') },
      });
    });
  });
  return {
    ...server,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
