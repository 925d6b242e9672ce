#!/usr/bin/env bash
# npm run cluster:real — a real one-node Kubernetes v1.34.4 on loopback: etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler and a kubelet running pods through containerd and runc.
#
# Checks what it needs (installs nothing), builds (cached, cluster/build.sh), makes the PKI, starts
# every component with its own state under $KUBENV_CLUSTER_STATE, imports the test images, waits
# for the node to be Ready, writes an admin and a restricted kubeconfig, and prints
#   READY <admin kubeconfig path>
# on a line of its own. On SIGINT or SIGTERM (or when a component dies) it stops every process it
# started, unmounts what they mounted, removes their network devices and its state, and exits.
#
# The flags follow kubernetes/kubernetes hack/local-up-cluster.sh; where they differ, the comment
# says why. ../shared/REAL-CLUSTER.md is the research behind them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib/preflight.sh
. "$here/lib/preflight.sh"
# shellcheck source=lib/images.sh
. "$here/lib/images.sh"

STATE=${KUBENV_CLUSTER_STATE:-/var/lib/kubenv-cluster}
RUN=${KUBENV_CLUSTER_RUN:-/run/kubenv-cluster}
PKI=$STATE/pki
LOGS=$STATE/logs
SOCK=$RUN/containerd.sock
BRIDGE=kubenv0
NODE=127.0.0.1
API=https://127.0.0.1:6443
SERVICE_RANGE=10.0.0.0/24
POD_SUBNET=10.88.0.0/24
REGISTRY=127.0.0.1:5000

log() { echo "kubenv real cluster: $*" >&2; }

kubenv_cluster_preflight || exit 1

started=$(date +%s.%N)
bin=$("$here/build.sh")
built=$(date +%s.%N)

pids=()
spawn() { # NAME COMMAND...: runs in the background, logs to $LOGS/NAME.log
  local name=$1; shift
  # A session of its own: a Ctrl-C on the terminal reaches this script only, which then stops the
  # components in order (containerd must outlive the kubelet to remove the containers).
  setsid "$@" > "$LOGS/$name.log" 2>&1 < /dev/null &
  pids+=("$!")
  echo "$! $name" >> "$STATE/pids"
}

component_of() { awk -v p="$1" '$1 == p { print $2 }' "$STATE/pids"; }

teardown_done=no
teardown() {
  [ "$teardown_done" = yes ] && return
  teardown_done=yes
  set +e
  log "stopping"
  # The kubelet first, so that it restarts nothing; then every container and sandbox through
  # containerd, so that the shims exit; then containerd and the control plane, newest first.
  local i pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    [ "$(component_of "$pid")" = kubelet ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  if [ -S "$SOCK" ]; then
    local task
    for task in $(ctr -a "$SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr -a "$SOCK" -n k8s.io tasks kill -s SIGKILL "$task" >/dev/null 2>&1
    done
    sleep 0.5
    for task in $(ctr -a "$SOCK" -n k8s.io tasks ls -q 2>/dev/null); do
      ctr -a "$SOCK" -n k8s.io tasks rm -f "$task" >/dev/null 2>&1
    done
    for task in $(ctr -a "$SOCK" -n k8s.io containers ls -q 2>/dev/null); do
      ctr -a "$SOCK" -n k8s.io containers rm "$task" >/dev/null 2>&1
    done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  clean_leftovers
  log "stopped"
}

# What a cluster leaves on the machine once its processes are gone; also run for a cluster whose
# script was killed before it could stop (the facts of "before" are then read from its state).
clean_leftovers() {
  set +e
  # Shims outlive containerd; any left belong to this cluster's socket. A container process
  # whose shim died is still in the kubelet's cgroups.
  pkill -9 -f "containerd-shim-runc-v2 .*-address $SOCK" 2>/dev/null
  local procs pid
  for procs in $(find /sys/fs/cgroup/*/kubepods -name cgroup.procs 2>/dev/null); do
    while read -r pid; do kill -9 "$pid" 2>/dev/null; done < "$procs"
  done
  sleep 0.2
  # Mounts (container rootfs, sandbox shm, the kubelet's secret and token volumes), deepest first.
  local mount
  awk '{ print $2 }' /proc/mounts | grep -E "^($STATE|$RUN)/" | sort -r | while read -r mount; do
    umount "$mount" 2>/dev/null || umount -l "$mount" 2>/dev/null
  done
  local ns
  for ns in $(ls /run/netns 2>/dev/null); do
    grep -qx "$ns" <<< "$netns_before" && continue
    umount "/run/netns/$ns" 2>/dev/null; rm -f "/run/netns/$ns"
  done
  ip link del "$BRIDGE" 2>/dev/null
  local dir
  for dir in "${new_dirs[@]}"; do rm -rf "$dir"; done
  local setting
  for setting in $sysctls_before; do sysctl -q -w "$setting" 2>/dev/null; done
  local hierarchy
  for hierarchy in /sys/fs/cgroup/*/; do
    [ -d "${hierarchy}kubepods" ] && find "${hierarchy}kubepods" -depth -type d -exec rmdir {} \; 2>/dev/null
  done
  [ "$root_propagation" = private ] && mount --make-rprivate / 2>/dev/null
  rm -rf "$STATE" "$RUN"
}

fail() {
  log "$1"
  local f
  for f in "$LOGS"/*.log; do
    [ -s "$f" ] || continue
    echo "---- last lines of $(basename "$f")" >&2
    tail -n 15 "$f" >&2
  done
  exit 1
}

# A cluster of an earlier run: refuse while its processes live; clean up after it when they are
# gone (its script was killed before it could stop it).
if [ -e "$STATE/pids" ]; then
  while read -r pid name; do
    if grep -qa -e kcluster -e containerd -e docker-registry "/proc/$pid/cmdline" 2>/dev/null; then
      log "a cluster is running ($name is pid $pid): stop it first (SIGTERM to its cluster/up.sh)"
      exit 1
    fi
  done < "$STATE/pids"
  log "cleaning up after a cluster that did not stop"
  # shellcheck disable=SC1091
  [ -f "$STATE/before" ] && . "$STATE/before"
  clean_leftovers
fi

# What existed before, so that teardown removes only what this run made.
netns_before=$(ls /run/netns 2>/dev/null || true)
# Directories some component makes at a fixed path whatever its flags say: the CNI cache, the
# network namespaces, containerd's shim sockets, the kubelet's device-plugin socket directory.
fixed_dirs=(/var/lib/cni /run/netns /run/containerd /var/lib/kubelet)
new_dirs=()
for dir in "${fixed_dirs[@]}"; do [ -e "$dir" ] || new_dirs+=("$dir"); done
root_propagation=$(findmnt -no PROPAGATION / || echo private)
# The kubelet sets these (protectKernelDefaults: false); put them back when it is gone.
sysctls=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
sysctls_before=$(sysctl -e "${sysctls[@]}" 2>/dev/null | tr -d ' ' || true)

rm -rf "$STATE" "$RUN"
mkdir -p "$STATE" "$RUN" "$PKI" "$LOGS"
: > "$STATE/pids"
declare -p netns_before new_dirs root_propagation sysctls_before > "$STATE/before"

trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for() { # SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "timed out after ${seconds}s waiting for $what"
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || fail "$(component_of "$pid") exited while waiting for $what"
    done
    sleep 0.3
  done
}

# ---- PKI: one CA; identities as local-up-cluster's generate_certs. ECDSA keys: fast to make.
(
  cd "$PKI"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 365 \
    -keyout ca.key -out ca.crt -subj "/CN=kubenv-real-cluster-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
  sign() { # NAME SUBJECT EXTENSIONS
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
    printf '%s\n' "$3" > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -sha256 -days 365 \
      -out "$1.crt" -extfile "$1.ext" 2>/dev/null
  }
  client='basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth'
  sign apiserver /CN=kube-apiserver 'basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.0.0.1'
  sign registry /CN=kubenv-registry 'basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1'
  sign admin "/O=system:masters/CN=kubenv-admin" "$client"
  sign controller-manager /CN=system:kube-controller-manager "$client"
  sign scheduler /CN=system:kube-scheduler "$client"
  sign kubelet "/O=system:nodes/CN=system:node:$NODE" "$client"
  sign apiserver-kubelet-client /CN=kube-apiserver-kubelet-client "$client"
  openssl ecparam -name prime256v1 -genkey -noout -out sa.key 2>/dev/null
  openssl ec -in sa.key -pubout -out sa.pub 2>/dev/null
)

# Block-style YAML, as kubectl writes kubeconfigs (and as kubenv reads them without js-yaml).
kubeconfig() { # NAME USER-FIELDS -> $STATE/NAME.kubeconfig (mode 0600)
  cat > "$STATE/$1.kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: kubenv-real
  cluster:
    server: $API
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
users:
- name: $1
  user:
$2
contexts:
- name: kubenv-real
  context:
    cluster: kubenv-real
    user: $1
    namespace: default
current-context: kubenv-real
YAML
  chmod 600 "$STATE/$1.kubeconfig"
}
certificate_user() { # NAME: the user fields of NAME's embedded client certificate
  printf '    client-certificate-data: %s\n    client-key-data: %s' \
    "$(base64 -w0 "$PKI/$1.crt")" "$(base64 -w0 "$PKI/$1.key")"
}
for name in admin controller-manager scheduler kubelet; do kubeconfig "$name" "$(certificate_user "$name")"; done
ADMIN=$STATE/admin.kubeconfig
kc() { kubectl --kubeconfig="$ADMIN" "$@"; }

# ---- etcd (the v3.6 server in Kubernetes' own module graph; Debian's 3.4 is too old for 1.34)
spawn etcd "$bin/kcluster" etcd --name kubenv --data-dir "$STATE/etcd" \
  --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
  --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
  --initial-cluster kubenv=http://127.0.0.1:2380 --unsafe-no-fsync --log-level warn

# ---- kube-apiserver. A loopback advertise address is refused by Endpoints validation, so the
# endpoint reconciler is off; the `kubernetes` Service is still created (with ClusterIP 10.0.0.1).
spawn kube-apiserver "$bin/kcluster" kube-apiserver \
  --etcd-servers=http://127.0.0.1:2379 \
  --bind-address=127.0.0.1 --secure-port=6443 \
  --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
  --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" \
  --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
  --kubelet-preferred-address-types=InternalIP,Hostname \
  --service-account-issuer=https://kubernetes.default.svc \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --service-cluster-ip-range=$SERVICE_RANGE \
  --authorization-mode=Node,RBAC \
  --enable-admission-plugins=NodeRestriction \
  --allow-privileged=true --cert-dir="$STATE/apiserver-certs" --v=1
wait_for 120 "the API server (/readyz)" kc get --raw /readyz

spawn kube-controller-manager "$bin/kcluster" kube-controller-manager \
  --kubeconfig="$STATE/controller-manager.kubeconfig" \
  --authentication-kubeconfig="$STATE/controller-manager.kubeconfig" \
  --authorization-kubeconfig="$STATE/controller-manager.kubeconfig" \
  --use-service-account-credentials=true \
  --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
  --service-cluster-ip-range=$SERVICE_RANGE --leader-elect=false --bind-address=127.0.0.1 --v=1
spawn kube-scheduler "$bin/kcluster" kube-scheduler \
  --kubeconfig="$STATE/scheduler.kubeconfig" \
  --authentication-kubeconfig="$STATE/scheduler.kubeconfig" \
  --authorization-kubeconfig="$STATE/scheduler.kubeconfig" \
  --leader-elect=false --bind-address=127.0.0.1 --v=1

# ---- containerd: its own config, root, state and socket; never the system's.
# The CNI config must exist before containerd starts (1.6's watcher misses files created later).
mkdir -p "$STATE/cni/net.d"
cat > "$STATE/cni/net.d/10-kubenv.conflist" <<JSON
{ "cniVersion": "1.0.0", "name": "kubenv",
  "plugins": [ { "type": "bridge", "bridge": "$BRIDGE", "isGateway": false, "ipMasq": false,
                 "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$POD_SUBNET" }]],
                           "dataDir": "$STATE/cni/ipam" } } ] }
JSON
cat > "$STATE/containerd.toml" <<TOML
version = 2
root = "$STATE/containerd"
state = "$RUN/containerd"
[grpc]
  address = "$SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/containerd-opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "kubenv.local/pause:v1"
  # No process here may lower its OOM score (CAP_SYS_RESOURCE is outside the bounding set); without
  # this every sandbox fails in runc with "can't get final child's PID from pipe: EOF".
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc)"
        Root = "$RUN/runc"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$STATE/certs.d"
TOML
# containerd trusts the cluster's registry through its hosts directory (docs/hosts.md).
mkdir -p "$STATE/certs.d/$REGISTRY"
cat > "$STATE/certs.d/$REGISTRY/hosts.toml" <<TOML
server = "https://$REGISTRY"
[host."https://$REGISTRY"]
  capabilities = ["pull", "resolve"]
  ca = "$PKI/ca.crt"
TOML
# Kubelet and runc need shared mount propagation on / (kind's entrypoint does the same).
mount --make-rshared /
spawn containerd containerd --config "$STATE/containerd.toml"
wait_for 60 "containerd's CRI plugin" sh -c "ctr -a '$SOCK' plugins ls | grep -q 'io.containerd.grpc.v1 *cri *.* ok'"

build_images "$STATE/images" "$bin/pause" "$here/title/title.c"
for image in "$STATE"/images/*.tar; do
  ctr -a "$SOCK" -n k8s.io images import "$image" >/dev/null || fail "could not import $image"
done

# ---- an OCI registry (Debian's docker-registry, the CNCF distribution server): TLS with the
# cluster CA, htpasswd (bcrypt) auth. Tests push images to it; containerd pulls them with the
# credentials of image pull Secrets, as from any private registry.
registry_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
# perl's crypt() is libxcrypt's, which makes bcrypt ($2b$) hashes: the only kind the registry reads.
# 22 salt characters of bcrypt's alphabet (hex is a subset of it).
registry_salt=$(openssl rand -hex 11)
registry_hash=$(perl -e 'print crypt($ARGV[0], "\$2b\$10\$" . $ARGV[1])' "$registry_password" "$registry_salt")
case $registry_hash in '$2b$'*) ;; *) fail "perl's crypt() made no bcrypt hash (libxcrypt missing?)" ;; esac
echo "kubenv:$registry_hash" > "$STATE/registry.htpasswd"
cat > "$STATE/registry.yaml" <<YAML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $STATE/registry}, delete: {enabled: true}}
http:
  addr: $REGISTRY
  tls: {certificate: $PKI/registry.crt, key: $PKI/registry.key}
auth: {htpasswd: {realm: kubenv-registry, path: $STATE/registry.htpasswd}}
YAML
spawn registry docker-registry serve "$STATE/registry.yaml"
printf '{"registry":"%s","username":"kubenv","password":"%s"}\n' "$REGISTRY" "$registry_password" > "$STATE/registry.json"
chmod 600 "$STATE/registry.json"
wait_for 30 "the registry" sh -c "curl -s -o /dev/null -w '%{http_code}' --cacert '$PKI/ca.crt' https://$REGISTRY/v2/ | grep -q 401"

# ---- kubelet
: > "$STATE/resolv.conf" # pods get no nameserver: there is no DNS to reach
cat > "$STATE/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: 127.0.0.1
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
containerRuntimeEndpoint: unix://$SOCK
cgroupDriver: cgroupfs          # no systemd here; containerd 1.6 cannot report its driver
failCgroupV1: false             # this machine is cgroup v1
failSwapOn: false
oomScoreAdj: 0                  # see restrict_oom_score_adj above
makeIPTablesUtilChains: false   # no kube-proxy, nothing to mark; leaves no rules behind
podLogsDir: $STATE/pod-logs
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: false}
  x509: {clientCAFile: $PKI/ca.crt}
authorization: {mode: AlwaysAllow}
resolvConf: $STATE/resolv.conf
clusterDomain: cluster.local
# kind's "disable disk resource management": a test cluster never evicts or collects images.
evictionHard: {imagefs.available: "0%", nodefs.available: "0%", nodefs.inodesFree: "0%"}
imageGCHighThresholdPercent: 100
rotateCertificates: false
serializeImagePulls: false
YAML
spawn kubelet "$bin/kcluster" kubelet --config="$STATE/kubelet.yaml" \
  --kubeconfig="$STATE/kubelet.kubeconfig" --hostname-override=$NODE \
  --root-dir="$STATE/kubelet" --cert-dir="$STATE/kubelet/pki" --v=1
wait_for 120 "the node to register" kc get node $NODE
wait_for 120 "the node to be Ready" kc wait --for=condition=Ready node/$NODE --timeout=2s

# ---- the restricted identity: may read workloads, pods and ConfigMaps, may not exec nor read Secrets.
kc apply -f - > /dev/null <<YAML
apiVersion: v1
kind: Namespace
metadata: {name: kubenv-system}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: restricted, namespace: kubenv-system}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: kubenv-restricted}
rules:
- apiGroups: [""]
  resources: [pods, services, configmaps, namespaces, replicationcontrollers]
  verbs: [get, list, watch]
- apiGroups: [apps]
  resources: [deployments, replicasets, statefulsets, daemonsets, controllerrevisions]
  verbs: [get, list, watch]
- apiGroups: [batch]
  resources: [jobs, cronjobs]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: kubenv-restricted}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: kubenv-restricted}
subjects:
- {kind: ServiceAccount, name: restricted, namespace: kubenv-system}
YAML
token=$(kc create token restricted -n kubenv-system --duration=24h) || fail "could not create the restricted token"
kubeconfig restricted "    token: $token"

ready=$(date +%s.%N)
log "$(awk -v a="$started" -v b="$built" -v c="$ready" 'BEGIN { printf "build %.1f s, start %.1f s", b - a, c - b }')"
log "restricted kubeconfig: $STATE/restricted.kubeconfig"
echo "READY $ADMIN"

# Run until told to stop, or until a component dies.
while true; do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || fail "$(component_of "$pid") exited"
  done
  sleep 1 &
  wait $! || true
done
