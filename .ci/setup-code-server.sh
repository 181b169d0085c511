#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3 with a Node.js extension host; the last release for
# node 20) into $REPO/.code-server for the end-to-end tests in test/e2e/. Works offline apart from the
# npm registry and Debian's apt: the one postinstall that downloads from GitHub (ripgrep) is replaced
# by a symlink to Debian's rg. Idempotent: does nothing when code-server is already there and runs.
# The recipe: shared/reference/testing-recipes.md, section 1d.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${1:-$REPO/.code-server}
VERSION=4.100.3
ENTRY=$DIR/node_modules/code-server/out/node/entry.js
BIN=$DIR/node_modules/.bin/code-server
# code-server writes a default config.yaml even for --version: keep it inside $DIR, not in ~.
export XDG_CONFIG_HOME=$DIR/.xdg/config XDG_DATA_HOME=$DIR/.xdg/data

# Written as the last step, so that an interrupted install is redone rather than half-used.
DONE=$DIR/.setup-complete

if [ -f "$DONE" ] && [ "$(cat "$DONE")" = "$VERSION" ] && [ -f "$ENTRY" ] && "$BIN" --version 2>/dev/null | grep -q "^$VERSION "; then
  echo "code-server $VERSION already set up in $DIR"
  exit 0
fi

# Debian packages: kerberos headers (native build), ripgrep (replaces the download), chromium (the
# renderer the tests drive).
missing=()
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v rg >/dev/null || missing+=(ripgrep)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "apt-get install -y ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
  else
    echo "missing Debian packages: ${missing[*]} (run as root: apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
fi

export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
export npm_config_update_notifier=false

mkdir -p "$DIR"
cd "$DIR"
rm -f "$DONE"
[ -f package.json ] || echo '{"private":true}' > package.json
npm install --ignore-scripts "code-server@$VERSION"
npm rebuild argon2                      # the prebuilt download fails offline; builds from source

# What code-server's postinstall.sh does, minus the ripgrep download from GitHub.
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts
npm rebuild kerberos @parcel/watcher node-pty @vscode/spdlog @vscode/deviceid native-watchdog
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
cd extensions
npm install --omit=dev --ignore-scripts
node ./postinstall.mjs >/dev/null

"$BIN" --version
echo "$VERSION" > "$DONE"
