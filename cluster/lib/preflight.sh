# Checks what the real cluster needs on this machine. Prints one line per missing piece, with the
# command that fixes it, and returns non-zero when anything is missing. Installs nothing.
# Sourced by up.sh; `bash cluster/lib/preflight.sh` runs it alone.
kubenv_cluster_preflight() {
  local missing=0
  miss() { echo "kubenv real cluster: missing $1: $2" >&2; missing=1; }
  [ "$(id -u)" = 0 ] || miss "root" "run as root (containerd, runc and the kubelet need it)"
  command -v go >/dev/null || miss "Go" "install Go 1.24 or newer (the machine's /usr/local/go)"
  command -v containerd >/dev/null && command -v ctr >/dev/null || miss "containerd" "apt-get install -y containerd"
  command -v runc >/dev/null || miss "runc" "apt-get install -y runc"
  local p
  for p in bridge host-local loopback; do
    [ -x "/usr/lib/cni/$p" ] || { miss "the CNI plugin $p" "apt-get install -y containernetworking-plugins"; break; }
  done
  [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || miss "a static busybox (test images)" "apt-get install -y busybox-static"
  command -v openssl >/dev/null || miss "openssl (cluster PKI)" "apt-get install -y openssl"
  command -v docker-registry >/dev/null || miss "docker-registry (the cluster's OCI registry)" "apt-get install -y docker-registry"
  command -v curl >/dev/null || miss "curl" "apt-get install -y curl"
  command -v perl >/dev/null || miss "perl (bcrypt for the registry's htpasswd)" "apt-get install -y perl"
  command -v kubectl >/dev/null || miss "kubectl" "install kubectl 1.33 or 1.34"
  command -v ip >/dev/null || miss "ip" "apt-get install -y iproute2"
  grep -q overlay /proc/filesystems || miss "overlayfs" "a kernel with CONFIG_OVERLAY_FS"
  for p in cpu cpuacct cpuset memory pids; do
    grep -qw "$p" /proc/self/mountinfo || miss "the cgroup controller $p" "mount it, or use a machine that has it"
  done
  [ -e /dev/kmsg ] || miss "/dev/kmsg (the kubelet opens it)" "ln -s /dev/console /dev/kmsg"
  return $missing
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then kubenv_cluster_preflight; fi
