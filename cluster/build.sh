#!/usr/bin/env bash
# Builds kcluster (etcd + control plane + kubelet, Kubernetes v1.34.4) and pause from the Go module
# proxy, into a cache outside the checkout keyed on everything that decides the output, so that a
# second build on the same machine is a cache hit. Prints the binary directory on its last line.
#   KUBENV_CLUSTER_CACHE  cache root (default /var/cache/kubenv-k8s)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${KUBENV_CLUSTER_CACHE:-/var/cache/kubenv-k8s}
export GOMODCACHE=$cache/gomod GOCACHE=$cache/gobuild GOFLAGS=-modcacherw CGO_ENABLED=0
cd "$here"

version=v1.34.4
minor=${version#v1.}; minor=${minor%%.*}
ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X $p.gitVersion=$version -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.buildDate=1970-01-01T00:00:00Z"
done

key=$({ go version; cat go.mod go.sum build.sh; find cmd -name '*.go' -print0 | sort -z | xargs -0 cat; } | sha256sum | cut -c1-16)
bin=$cache/bin/$key
if [ -x "$bin/kcluster" ] && [ -x "$bin/pause" ]; then
  echo "kcluster: cached build $key" >&2
  echo "$bin"
  exit 0
fi

echo "kcluster: building Kubernetes $version (cold: tens of minutes on 2 cores; cached afterwards in $cache)" >&2
start=$(date +%s)
tmp=$bin.tmp.$$
rm -rf "$tmp"; mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "$tmp/kcluster" ./cmd/kcluster
go build -trimpath -buildvcs=false -ldflags "-s -w" -o "$tmp/pause" ./cmd/pause
rm -rf "$bin"; mv "$tmp" "$bin"
trap - EXIT
echo "kcluster: built in $(( $(date +%s) - start )) s" >&2
echo "$bin"
