#!/usr/bin/env bash
# Installs the real legacy XML-RPC clients that the interop tests (e2e/interop/)
# drive against the server binary. Called by .ci/run before the tests; safe to
# run again (apt and npm are idempotent). Needs root for apt-get (as on CI).
#
#   python3                         stdlib xmlrpc.client (already on the image)
#   librpc-xml-perl                 Perl RPC::XML::Client (WebService::Backlog's transport)
#   ruby ruby-xmlrpc                Ruby XMLRPC::Client (yoppi/backlog-api's transport)
#   libxmlrpc-core-c3-dev           xmlrpc-c command-line client `xmlrpc`
#   xmlrpc-api-utils                `xml-rpc-api2txt` (introspection dumper)
#   nodejs npm                      only installed when node/npm are missing
#   npm backlog-api@1.0.2           bouzuya/node-backlog-api, pinned by e2e/interop/node/package-lock.json
#   npm backlog-js@0.20.1           nulab's official v2 client, pinned by e2e/wire/node/package-lock.json
#                                   (the wire-format differential of e2e/wire)
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

pkgs=(librpc-xml-perl ruby ruby-xmlrpc libxmlrpc-core-c3-dev xmlrpc-api-utils)
command -v python3 >/dev/null || pkgs+=(python3)
command -v node >/dev/null || pkgs+=(nodejs)
command -v npm >/dev/null || pkgs+=(npm)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
	echo "== apt-get install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
	echo "== apt packages already installed"
fi

echo "== npm ci (e2e/interop/node: backlog-api@1.0.2)"
(cd e2e/interop/node && npm ci --no-audit --no-fund --loglevel=error)

echo "== npm ci (e2e/wire/node: backlog-js@0.20.1)"
(cd e2e/wire/node && npm ci --no-audit --no-fund --loglevel=error)
