// The test host's installer must install the same thing whether `npm test`, `npm start` or a person calls it.
// Called from npm, it inherits npm's exports (npm_config_user_agent naming the outer Node broke code-server's
// postinstall on a new machine); the script drops them. This checks the environment its installs would get,
// without installing anything, so it is cheap enough for every run.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const repo = path.resolve(__dirname, '..', '..', '..');
const script = path.join(repo, 'scripts', 'setup-test-host.sh');

/** The environment a direct call would give its installs, as NAME → value. */
function installEnv(command: string, args: string[], env: NodeJS.ProcessEnv): Map<string, string> {
  const out = execFileSync(command, args, { cwd: repo, env, encoding: 'utf8' });
  const vars = new Map<string, string>();
  for (const line of out.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) {
      vars.set(line.slice(0, eq), line.slice(eq + 1));
    }
  }
  // `_` is the shell's last command, and npm fills in EDITOR (for `npm edit`) when it is unset: no installer
  // reads either.
  vars.delete('_');
  vars.delete('EDITOR');
  return vars;
}

// What the caller's own environment is: ours, minus anything npm exported into the mocha run itself.
const callerEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(npm_.*|INIT_CWD|NODE|COLOR|EDITOR)$/.test(name)),
);
callerEnv.PATH = (process.env.PATH ?? '')
  .split(':')
  .filter((p) => !/node_modules\/\.bin$|node-gyp-bin$/.test(p))
  .join(':');

describe('setup-test-host.sh: the same install from npm and from a shell', function () {
  this.timeout(60_000);

  it("drops every variable npm exports, and npm's PATH entries", function () {
    const viaNpm = installEnv('npm', ['run', '--silent', 'test:host-setup', '--', '--print-install-env'], callerEnv);
    const leaked = [...viaNpm.keys()].filter((name) => /^(npm_|INIT_CWD$|NODE$|COLOR$)/.test(name));
    assert.deepEqual(leaked, []);
    assert.doesNotMatch(viaNpm.get('PATH') ?? '', /node_modules\/\.bin|node-gyp-bin/);
  });

  it('gives its installs the same environment from `npm run` as from a direct call', function () {
    const direct = installEnv('bash', [script, '--print-install-env'], callerEnv);
    const viaNpm = installEnv('npm', ['run', '--silent', 'test:host-setup', '--', '--print-install-env'], callerEnv);
    assert.deepEqual(Object.fromEntries(viaNpm), Object.fromEntries(direct));
  });

  it('ignores an outer npm that names another Node (the user agent that broke the first install)', function () {
    const foreign = {
      ...callerEnv,
      npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
      npm_config_prefix: '/somewhere/else',
      npm_config_local_prefix: repo,
      npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
      npm_package_engines_node: '>=20',
      npm_lifecycle_event: 'test',
      INIT_CWD: repo,
      NODE: '/usr/bin/node',
      PATH: `${repo}/node_modules/.bin:/usr/lib/node_modules/npm/node_modules/@npmcli/run-script/lib/node-gyp-bin:${callerEnv.PATH}`,
    };
    const direct = installEnv('bash', [script, '--print-install-env'], callerEnv);
    assert.deepEqual(
      Object.fromEntries(installEnv('bash', [script, '--print-install-env'], foreign)),
      Object.fromEntries(direct),
    );
  });
});
