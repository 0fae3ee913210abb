#!/usr/bin/env bash
# Container test: builds the image from the Dockerfile with buildah, runs it
# with podman in demo mode on 127.0.0.1, makes one legacy XML-RPC call through
# it with curl, checks the answer and the image size (< 20 MB), and cleans up.
# Follows ../shared/notes/containers.md (vfs storage, runc, chroot isolation,
# a local builder image made from this machine's Go toolchain, since no base
# image can be pulled here). Called by .ci/run; safe to run by hand as root.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
missing=()
for p in buildah podman runc; do command -v "$p" >/dev/null || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
	echo "== apt-get install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq buildah podman runc >/dev/null
fi

TMP="$(mktemp -d)"
NAME="backlog-xmlrpc-ci-$$"
IMAGE="localhost/backlog-xmlrpc:ci-$$"
BUILDER="localhost/go-builder:ci-$$"
# A free loopback port (the machine is shared: never assume one is free).
PORT="${CONTAINER_TEST_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
S=(--storage-driver vfs)
printf '[containers]\ndefault_ulimits = []\n' >"$TMP/containers.conf"
export CONTAINERS_CONF="$TMP/containers.conf"

cleanup() {
	podman "${S[@]}" rm -f "$NAME" >/dev/null 2>&1 || true
	podman "${S[@]}" rmi -f "$IMAGE" "$BUILDER" >/dev/null 2>&1 || true
	rm -rf "$TMP"
}
trap cleanup EXIT

echo "== builder image from the local Go toolchain ($(go env GOVERSION))"
mkdir -p "$TMP/b/rootfs/usr/local" "$TMP/b/rootfs/etc/ssl" "$TMP/b/rootfs/tmp"
cp -a "$(go env GOROOT)" "$TMP/b/rootfs/usr/local/go"
cp -aL /etc/ssl/certs "$TMP/b/rootfs/etc/ssl/"
cat >"$TMP/b/Dockerfile.builder" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/go/bin GOPATH=/go GOCACHE=/tmp/gocache HOME=/tmp
DOCKERFILE
buildah bud --quiet --isolation chroot "${S[@]}" -f "$TMP/b/Dockerfile.builder" -t "$BUILDER" "$TMP/b" >/dev/null

VERSION="$(git describe --always --dirty 2>/dev/null || echo ci)"
echo "== project image (Dockerfile, GO_IMAGE=$BUILDER, VERSION=$VERSION)"
start=$(date +%s)
# --format docker: the OCI format has no HEALTHCHECK.
buildah bud --quiet --isolation chroot "${S[@]}" --network host --format docker \
	--build-arg GO_IMAGE="$BUILDER" --build-arg VERSION="$VERSION" -t "$IMAGE" . >/dev/null
echo "built in $(($(date +%s) - start)) s"

got=$(podman "${S[@]}" --runtime runc run --rm "$IMAGE" version)
echo "image version: $got"
if [ "$got" != "$VERSION" ]; then
	echo "FAIL: the image reports version '$got', want '$VERSION' (the VERSION build arg)" >&2
	exit 1
fi

size=$(podman "${S[@]}" image inspect --format '{{.Size}}' "$IMAGE")
echo "image size: $size bytes ($((size / 1024 / 1024)) MiB)"
if [ "$size" -ge $((20 * 1000 * 1000)) ]; then
	echo "FAIL: image is not under 20 MB" >&2
	exit 1
fi
hc=$(podman "${S[@]}" image inspect --format '{{json .Config.Healthcheck}}' "$IMAGE")
echo "image healthcheck: $hc"
case "$hc" in
*'"/backlog-xmlrpc","healthcheck"'*) ;;
*) echo "FAIL: image has no HEALTHCHECK running the binary's healthcheck" >&2; exit 1 ;;
esac
user=$(podman "${S[@]}" image inspect --format '{{.Config.User}}' "$IMAGE")
if [ -z "$user" ] || [ "${user%%:*}" = 0 ] || [ "${user%%:*}" = root ]; then
	echo "FAIL: image runs as root ($user)" >&2
	exit 1
fi

echo "== run in demo mode on 127.0.0.1:$PORT"
# Bounded life: `timeout` ends the container after 120 s whatever happens;
# SIGTERM is proxied into the container (a graceful shutdown).
timeout 120 podman "${S[@]}" --runtime runc run --rm --name "$NAME" --network host \
	-e BACKLOG_XMLRPC_LISTEN="127.0.0.1:$PORT" \
	"$IMAGE" --demo >"$TMP/container.log" 2>&1 &
runner=$!

# Ready when the container itself says it serves (not merely when something
# answers on the port), then /healthz through the network.
ok=""
for _ in $(seq 1 100); do
	if grep -q '"msg":"serving legacy Backlog XML-RPC"' "$TMP/container.log" 2>/dev/null &&
		curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
		ok=1
		break
	fi
	if ! kill -0 "$runner" 2>/dev/null; then break; fi
	sleep 0.2
done
if [ -z "$ok" ]; then
	echo "FAIL: the container did not start serving" >&2
	cat "$TMP/container.log" >&2 || true
	exit 1
fi

echo "== the image's own healthcheck subcommand"
podman "${S[@]}" --runtime runc exec "$NAME" /backlog-xmlrpc healthcheck
echo "healthcheck exit 0"

echo "== one legacy call: backlog.getProjects as demo/demo"
REQ="testdata/backlog.getProjects/basic.request.xml"
resp=$(curl -fsS -u demo:demo -H 'Content-Type: text/xml' --data-binary @"$REQ" "http://127.0.0.1:$PORT/XML-RPC")
echo "$resp" | head -c 400; echo
case "$resp" in
*"<methodResponse>"*"<name>key</name>"*"DEMO"*) ;;
*) echo "FAIL: unexpected answer" >&2; exit 1 ;;
esac
case "$resp" in
*"<fault>"*) echo "FAIL: fault" >&2; exit 1 ;;
esac
code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$REQ" "http://127.0.0.1:$PORT/XML-RPC")
if [ "$code" != 401 ]; then
	echo "FAIL: no credentials gave HTTP $code, want 401" >&2
	exit 1
fi
echo "== SIGTERM: graceful stop"
kill -TERM "$runner"
wait "$runner" || true
if ! grep -q '"msg":"stopped"' "$TMP/container.log"; then
	echo "FAIL: no graceful stop in the container log" >&2
	cat "$TMP/container.log" >&2
	exit 1
fi
echo "container test: 1 passed, 0 failed"
