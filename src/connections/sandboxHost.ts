import * as vscode from 'vscode';
import type { RunningSandbox } from '../sandbox/sandbox';
import type { Logger } from '../platform/logger';

/**
 * The in-process sandbox KMS of the "Sandbox" connection: started on first use on a random loopback port with
 * random credentials, its state in the extension's global storage so keys survive restarts. The sandbox code is
 * imported then, not at activation.
 */
export class SandboxHost implements vscode.Disposable {
  private running: Promise<RunningSandbox> | undefined;

  constructor(
    private readonly storageUri: vscode.Uri,
    private readonly log: Logger,
  ) {}

  async start(): Promise<RunningSandbox> {
    this.running ??= this.launch().catch((error: unknown) => {
      this.running = undefined;
      throw error;
    });
    return this.running;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  private async launch(): Promise<RunningSandbox> {
    const dataDir = vscode.Uri.joinPath(this.storageUri, 'sandbox').fsPath;
    const { startSandbox } = await import('../sandbox/sandbox');
    const { seedDemo } = await import('../sandbox/seed');
    const sandbox = await startSandbox({ dataDir, log: (line) => this.log.error(line, 'sandbox') });
    // Demo keys make a fresh sandbox useful at once; a sandbox the user has already worked in is left as it is.
    if (sandbox.service.context.state.keys.length === 0) {
      await seedDemo(sandbox.service);
    }
    this.log.info(`sandbox KMS listening on ${sandbox.endpoint} (data in ${dataDir})`, 'sandbox');
    return sandbox;
  }

  dispose(): void {
    const running = this.running;
    this.running = undefined;
    void running?.then(async (s) => s.close()).catch(() => undefined);
  }
}
