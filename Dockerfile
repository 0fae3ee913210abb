# syntax=docker/dockerfile:1
# backlog-xmlrpc: the legacy Backlog XML-RPC gateway, as a FROM scratch image.
#
#   docker build -t backlog-xmlrpc .
#   docker run --rm -p 8080:8080 backlog-xmlrpc --demo
#
# Configure with BACKLOG_XMLRPC_* environment variables (README.md). Change the
# port with BACKLOG_XMLRPC_LISTEN rather than --listen, so the HEALTHCHECK
# (which reads the same variable) probes the right port.
ARG GO_IMAGE=golang:1.26

FROM ${GO_IMAGE} AS build
# VERSION is what `backlog-xmlrpc version`, the start-up log line and the
# v2 User-Agent report (e.g. --build-arg VERSION=$(git describe --always)).
# The RUNs are exec-form (no shell in every builder image), which does no
# variable expansion, so the linker flags travel in GOFLAGS, which cmd/go
# splits with quoting.
ARG VERSION=dev
WORKDIR /src
ENV CGO_ENABLED=0 GOFLAGS="-mod=readonly '-ldflags=-s -w -X=main.version=${VERSION}'"
COPY go.mod go.sum ./
RUN ["go", "mod", "download"]
COPY . .
RUN ["go", "build", "-trimpath", "-o", "/out/backlog-xmlrpc", "./cmd/backlog-xmlrpc"]

FROM scratch
# CA certificates for https://SPACE.backlog.com; zone data is embedded in the
# binary (time/tzdata), so no /usr/share/zoneinfo is needed.
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/backlog-xmlrpc /backlog-xmlrpc
USER 65532:65532
ENV BACKLOG_XMLRPC_LISTEN=:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 CMD ["/backlog-xmlrpc", "healthcheck"]
ENTRYPOINT ["/backlog-xmlrpc"]
