# shellcheck shell=bash
# The node of `scripts/local-cluster up --node`: containerd (runc, CNI bridge), kubelet,
# kube-proxy (iptables) and kube-scheduler, beside the control plane. Sourced by
# scripts/local-cluster, whose helpers (log, die, CACHE, bin_dir, client_cert, …) it uses.
#
# Everything lives under the cluster DIR: containerd's root, state, socket and runc state,
# the kubelet's root, the CNI configuration and IP allocations. What cannot be confined is
# undone by `down`: iptables chains (KUBE-*, CNI-*), the bridge, the sysctls the components
# set (recorded at `up`), and what `up` made of the kubelet's fixed paths (/var/log/pods,
# /var/log/containers, /var/lib/kubelet/device-plugins) and libcni's cache (/var/lib/cni).
# One node per machine: NODE_STATE (below) names the DIR of the node running.

NODE_REV="node1"           # bump when the node binaries' build recipe changes
PAUSE_REV="pause1"         # bump when the pause image's recipe changes
NODE_NAME="ferry-node"
POD_SUBNET="10.244.0.0/24"
BRIDGE="ferry0"
PAUSE_IMAGE="ferry.local/pause:1"
NODE_STATE="/run/ferry-local-cluster"
# Set by the kubelet (vm.overcommit_memory, kernel.panic, kernel.panic_on_oops), kube-proxy
# (route_localnet) and the CNI bridge (ip_forward); bridge-nf-call-iptables is set here.
NODE_SYSCTLS="vm/overcommit_memory kernel/panic kernel/panic_on_oops net/ipv4/conf/all/route_localnet net/ipv4/ip_forward net/bridge/bridge-nf-call-iptables"

# --- install ---------------------------------------------------------------------------

node_packages() {
  command -v containerd >/dev/null || need_apt+=(containerd)
  command -v runc >/dev/null || [ -x /usr/sbin/runc ] || need_apt+=(runc)
  [ -x /usr/lib/cni/bridge ] || need_apt+=(containernetworking-plugins)
  command -v umoci >/dev/null || need_apt+=(umoci)
  command -v iptables >/dev/null || [ -x /usr/sbin/iptables ] || need_apt+=(iptables)
  dpkg -s busybox-static >/dev/null 2>&1 || need_apt+=(busybox-static)
  command -v gcc >/dev/null || need_apt+=(gcc)
  [ -f /usr/include/stdio.h ] || need_apt+=(libc6-dev)
}

# Why this machine cannot run the node (empty output and status 0 when it can).
node_check() {
  local why=()
  [ "$(id -u)" = 0 ] || why+=("not root (the kubelet, containerd and iptables need root)")
  [ "$(uname -s)" = Linux ] || why+=("not Linux")
  if [ ! -d /sys/fs/cgroup/memory ] && [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then
    why+=("no cgroup filesystem under /sys/fs/cgroup")
  fi
  [ -e /dev/kmsg ] || why+=("no /dev/kmsg (the kubelet's OOM watcher reads it)")
  command -v apt-get >/dev/null || command -v containerd >/dev/null || why+=("containerd is not installed and apt-get is not available to install it")
  [ -d /proc/sys/net/bridge ] || modprobe br_netfilter 2>/dev/null || why+=("no br_netfilter (net/bridge sysctls): Service traffic between pods would bypass iptables")
  [ ${#why[@]} -eq 0 ] && return 0
  printf '%s\n' "${why[@]}"
  return 1
}

node_bin_dir() {
  local d
  for d in "$CACHE"/kubernetes-*"-$NODE_REV"/bin; do
    [ -x "$d/kubelet" ] && [ -x "$d/kube-scheduler" ] && [ -x "$d/kube-proxy" ] && { echo "$d"; return 0; }
  done
  return 1
}

# kubelet, kube-scheduler and kube-proxy from the same source tree as the control plane,
# into a cache directory of their own (kubernetes-<version>-node<rev>/bin).
build_node_binaries() {
  node_bin_dir >/dev/null && return 0
  build_binaries
  local cp version src tree
  cp="$(bin_dir)"; cp="${cp%/bin}"; version="${cp##*/kubernetes-}"; version="${version%-"$BUILD_REV"}"
  src="$CACHE/src-$version"
  tree="$(ls -d "$src"/kubernetes-*/ 2>/dev/null | head -1)"; tree="${tree%/}"
  [ -n "$tree" ] || die "no source tree in $src (remove $cp to have it fetched again)"
  log "building kubelet, kube-scheduler and kube-proxy from $tree (once; a few minutes on 2 cores)"
  make_in_tree "$tree" "$src/build-node.log" "cmd/kubelet cmd/kube-scheduler cmd/kube-proxy"
  local out="$CACHE/kubernetes-$version-$NODE_REV"
  mkdir -p "$out/bin.tmp"
  cp "$tree/_output/bin/kubelet" "$tree/_output/bin/kube-scheduler" "$tree/_output/bin/kube-proxy" "$out/bin.tmp/"
  rm -rf "$out/bin"; mv "$out/bin.tmp" "$out/bin"
  log "built into $out/bin"
}

# The sandbox ("pause") image: a static C program that sleeps until told to stop and reaps
# orphans, as the upstream one does, packed with umoci.
pause_archive() {
  local out="$CACHE/images/$PAUSE_REV.tar"
  [ -s "$out" ] && { echo "$out"; return 0; }
  local work; work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-pause.XXXXXX")"
  cat >"$work/pause.c" <<'EOF'
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
static void stop(int sig) { (void)sig; _exit(0); }
static void reap(int sig) { (void)sig; while (waitpid(-1, 0, WNOHANG) > 0) {} }
int main(void) {
  struct sigaction down = {.sa_handler = stop}, child = {.sa_handler = reap, .sa_flags = SA_NOCLDSTOP};
  sigaction(SIGINT, &down, 0);
  sigaction(SIGTERM, &down, 0);
  sigaction(SIGCHLD, &child, 0);
  for (;;) pause();
}
EOF
  mkdir -p "$work/rootfs" "$(dirname "$out")"
  gcc -static -Os -s -o "$work/rootfs/pause" "$work/pause.c" || { rm -rf "$work"; die "gcc -static failed for the pause image (libc6-dev installed?)"; }
  oci_image_archive "$work/rootfs" "$PAUSE_IMAGE" "$out" /pause || { rm -rf "$work"; die "packing the pause image failed"; }
  rm -rf "$work"
  echo "$out"
}

# --- up --------------------------------------------------------------------------------

node_ip() {
  local ip
  ip="$(ip -4 route get 1.1.1.1 2>/dev/null | awk '{for (i = 1; i < NF; i++) if ($i == "src") { print $(i + 1); exit }}')"
  [ -n "$ip" ] || ip="$(ip -4 -o addr show scope global 2>/dev/null | awk '{split($4, a, "/"); print a[1]; exit}')"
  [ -n "$ip" ] || die "no non-loopback IPv4 address on this machine: the kubelet refuses a loopback node IP"
  echo "$ip"
}

node_running() { # dir — true while any node process of that cluster is alive, or its `up` runs
  local f pid
  for f in kubelet containerd kube-proxy; do
    [ -f "$1/$f.pid" ] && kill -0 "$(cat "$1/$f.pid")" 2>/dev/null && return 0
  done
  pid="$(cat "$NODE_STATE/up.pid" 2>/dev/null)" || return 1
  [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "local-cluster up"
}

# Refuses when another node cluster of this script runs (or is starting); cleans up after one
# that crashed. The check and the claim hold a lock, so two `up --node` cannot both pass.
node_claim() { # dir
  local dir="$1" other=""
  mkdir -p "$NODE_STATE"
  exec 8>"$NODE_STATE/lock"
  flock 8
  [ -f "$NODE_STATE/node-dir" ] && other="$(cat "$NODE_STATE/node-dir")"
  if [ -n "$other" ] && [ "$other" != "$dir" ]; then
    if node_running "$other"; then
      exec 8>&-
      die "a node cluster is already running in $other (one per machine: the node uses fixed host resources — a bridge, iptables, sysctls); stop it first: scripts/local-cluster down $other"
    fi
    log "cleaning up after the node cluster of $other (not running)"
    cmd_down "$other"
  fi
  echo "$dir" >"$NODE_STATE/node-dir"
  echo "$$" >"$NODE_STATE/up.pid"   # removed when `up` ends (trap in cmd_up)
  exec 8>&-
  # The machine's values before any node changed them: kept across crashes until `down`.
  if [ ! -f "$NODE_STATE/sysctls" ]; then
    local s
    for s in $NODE_SYSCTLS; do [ -r "/proc/sys/$s" ] && echo "$s $(cat "/proc/sys/$s")"; done >"$NODE_STATE/sysctls.tmp"
    mv "$NODE_STATE/sysctls.tmp" "$NODE_STATE/sysctls"
  fi
  if [ ! -f "$NODE_STATE/created-paths" ]; then
    local p
    for p in /var/log/pods /var/log/containers /var/lib/cni /var/lib/kubelet; do [ -e "$p" ] || echo "$p"; done >"$NODE_STATE/created-paths"
  fi
}

node_certs() { # dir — run from make_certs, in DIR/pki
  client_cert kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  client_cert node "/O=system:nodes/CN=system:node:$NODE_NAME"
  client_cert scheduler "/CN=system:kube-scheduler"
  client_cert kube-proxy "/CN=system:kube-proxy"
  printf 'subjectAltName=IP:%s,IP:127.0.0.1,DNS:%s\nextendedKeyUsage=serverAuth\n' "$NODE_IP" "$NODE_NAME" >kubelet.ext
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$NODE_NAME" -keyout kubelet.key -out kubelet.csr >/dev/null 2>&1
  openssl x509 -req -in kubelet.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile kubelet.ext -out kubelet.crt >/dev/null 2>&1
}

# kube-apiserver flags of a node cluster, in place of the plain cluster's loopback-only ones:
# Pods reach the API server at the advertised address through the `kubernetes` Service, so it
# listens on all addresses; the kubelet is authorized as a node; Pods get ServiceAccount tokens.
node_apiserver_args() { # dir
  local dir="$1"
  echo "--bind-address=0.0.0.0 --advertise-address=$NODE_IP --authorization-mode=Node,RBAC" \
    "--enable-admission-plugins=NodeRestriction" \
    "--kubelet-client-certificate=$dir/pki/kubelet-client.crt --kubelet-client-key=$dir/pki/kubelet-client.key" \
    "--kubelet-certificate-authority=$dir/pki/ca.crt --kubelet-preferred-address-types=InternalIP"
}

node_write_config() { # dir
  local dir="$1" c="$1/containerd"
  mkdir -p "$c/root" "$c/state" "$dir/cni/net.d" "$dir/cni/ipam" "$dir/kubelet"
  cat >"$c/config.toml" <<EOF
version = 2
root = "$c/root"
state = "$c/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs", "io.containerd.tracing.processor.v1.otlp"]
oom_score = 0
[grpc]
  address = "$c/containerd.sock"
[ttrpc]
  address = ""
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$c/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  disable_apparmor = true
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = "$(command -v runc || echo /usr/sbin/runc)"
        Root = "$c/runc"
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni/net.d"
    max_conf_num = 1
EOF
  cat >"$dir/cni/net.d/10-ferry.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "ferry",
  "plugins": [
    {
      "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": {
        "type": "host-local", "dataDir": "$dir/cni/ipam",
        "ranges": [[{"subnet": "$POD_SUBNET"}]], "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  . "$dir/ports"
  cat >"$dir/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
tlsCertFile: $dir/pki/kubelet.crt
tlsPrivateKeyFile: $dir/pki/kubelet.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $dir/pki/ca.crt}
authorization: {mode: Webhook}
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
failSwapOn: false
oomScoreAdj: 0
# Imported images are never pulled again: keep them (100% = image GC never starts).
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, nodefs.inodesFree: 1%, imagefs.available: 1%}
volumePluginDir: $dir/kubelet/volume-plugins
resolvConf: /etc/resolv.conf
clusterDomain: cluster.local
serializeImagePulls: false
# Ready is reported at the first status update after the runtime's network is up: 2 s, not 10.
nodeStatusUpdateFrequency: 2s
EOF
  cat >"$dir/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $dir/kube-proxy.kubeconfig}
mode: iptables
clusterCIDR: $POD_SUBNET
hostnameOverride: $NODE_NAME
bindAddress: $NODE_IP
healthzBindAddress: 127.0.0.1:$PROXY_HEALTHZ_PORT
metricsBindAddress: 127.0.0.1:$PROXY_METRICS_PORT
oomScoreAdj: 0
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
}

ctr_() { ctr --address "$1/containerd/containerd.sock" -n k8s.io "${@:2}"; }

# Imports an OCI or docker archive into the node's containerd (namespace k8s.io), named as the
# archive names it (a docker archive's RepoTags; an OCI index's io.containerd.image.name, or a
# full reference in org.opencontainers.image.ref.name), or as NAME when given (one image only);
# prints the names.
node_import() { # dir archive [name]
  local dir="$1" archive="$2" name="${3:-}" out imported work=""
  if [ -n "$name" ] && tar -tf "$archive" index.json >/dev/null 2>&1; then
    # An OCI layout: name its one image in a copy of the index. (Tagging after the import
    # would leave ctr's made-up name, "import-<date>:<tag>", which the CRI plugin then trips on.)
    work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-load.XXXXXX")"
    tar -xf "$archive" -C "$work" || { rm -rf "$work"; die "load-image: cannot unpack $archive"; }
    python3 - "$work/index.json" "$name" <<'EOF' || { rm -rf "$work"; die "load-image --name: $archive must hold exactly one image"; }
import json, sys
path, name = sys.argv[1], sys.argv[2]
index = json.load(open(path))
if len(index.get("manifests", [])) != 1:
    sys.exit(1)
index["manifests"][0].setdefault("annotations", {})["io.containerd.image.name"] = name
json.dump(index, open(path, "w"))
EOF
    tar -C "$work" -cf "$work.tar" . && archive="$work.tar"
  fi
  out="$(ctr_ "$dir" images import "$archive" 2>&1)" || { echo "$out" >&2; [ -z "$work" ] || rm -rf "$work" "$work.tar"; die "ctr images import $archive failed"; }
  [ -z "$work" ] || rm -rf "$work" "$work.tar"
  imported="$(echo "$out" | sed -nE 's/^unpacking (.*) \(sha256:[0-9a-f]*\).*/\1/p')"
  if [ -n "$name" ] && [ "$imported" != "$name" ]; then
    # A docker archive: its RepoTags name stays, the image gets NAME too.
    [ "$(echo "$imported" | grep -c .)" = 1 ] || die "load-image --name: $archive holds $(echo "$imported" | grep -c .) images; --name needs exactly one"
    ctr_ "$dir" images tag --force "$imported" "$name" >/dev/null || die "ctr images tag $imported $name failed"
    imported="$(printf '%s\n%s' "$imported" "$name")"
  elif echo "$imported" | grep -q '^import-'; then
    log "warning: $archive names its image by a tag only; imported as $(echo "$imported" | paste -sd ' '), which Pods cannot use: load it again with --name REF"
  fi
  echo "$imported"
}

api() { # dir method path — admin request to the API server
  . "$1/ports"
  curl -fsS --max-time 10 --cacert "$1/pki/ca.crt" --cert "$1/pki/admin.crt" --key "$1/pki/admin.key" \
    -X "$2" "https://127.0.0.1:$APISERVER_PORT$3"
}

node_ready() { # dir
  api "$1" GET "/api/v1/nodes/$NODE_NAME" 2>/dev/null | python3 -c '
import json, sys
node = json.load(sys.stdin)
ready = [c for c in node["status"].get("conditions", []) if c["type"] == "Ready"]
taints = [t for t in node["spec"].get("taints", []) if t.get("effect") == "NoSchedule"]
sys.exit(0 if ready and ready[0]["status"] == "True" and not taints else 1)'
}

# Starts containerd, imports the pause and workload images, then the kubelet, kube-proxy and
# kube-scheduler, and waits until the node is Ready and schedulable.
node_up() { # dir
  local dir="$1" nb server
  nb="$(node_bin_dir)" || die "the node binaries are missing: scripts/local-cluster install --node"
  . "$dir/ports"
  server="https://127.0.0.1:$APISERVER_PORT"
  write_kubeconfig "$dir/kubelet.kubeconfig" "$server" "system:node:$NODE_NAME" cert node "$dir"
  write_kubeconfig "$dir/scheduler.kubeconfig" "$server" system:kube-scheduler cert scheduler "$dir"
  write_kubeconfig "$dir/kube-proxy.kubeconfig" "$server" system:kube-proxy cert kube-proxy "$dir"
  node_write_config "$dir"
  [ "$(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null)" = 1 ] || echo 1 >/proc/sys/net/bridge/bridge-nf-call-iptables

  containerd --config "$dir/containerd/config.toml" >"$dir/logs/containerd.log" 2>&1 &
  echo $! >"$dir/containerd.pid"
  wait_for containerd 30 ctr_ "$dir" version || { tail -20 "$dir/logs/containerd.log" >&2; die "containerd did not start"; }
  local pause workload
  pause="$(pause_archive)"
  workload="$("$(dirname "${BASH_SOURCE[0]}")/../workload-image")" || die "scripts/workload-image failed"
  node_import "$dir" "$pause" >/dev/null
  node_import "$dir" "$workload" >/dev/null

  "$nb/kube-scheduler" \
    --kubeconfig="$dir/scheduler.kubeconfig" \
    --authentication-kubeconfig="$dir/scheduler.kubeconfig" --authorization-kubeconfig="$dir/scheduler.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$SCHEDULER_PORT" --port=0 --cert-dir="$dir/pki/scheduler" \
    --leader-elect=false --logtostderr=true --v=0 \
    >"$dir/logs/scheduler.log" 2>&1 &
  echo $! >"$dir/scheduler.pid"

  "$nb/kubelet" \
    --config="$dir/kubelet/config.yaml" --kubeconfig="$dir/kubelet.kubeconfig" \
    --container-runtime=remote --container-runtime-endpoint="unix://$dir/containerd/containerd.sock" \
    --node-ip="$NODE_IP" --hostname-override="$NODE_NAME" \
    --root-dir="$dir/kubelet" --cert-dir="$dir/kubelet/pki" \
    --logtostderr=true --v=0 \
    >"$dir/logs/kubelet.log" 2>&1 &
  echo $! >"$dir/kubelet.pid"

  "$nb/kube-proxy" --config="$dir/kube-proxy.yaml" --logtostderr=true --v=0 >"$dir/logs/kube-proxy.log" 2>&1 &
  echo $! >"$dir/kube-proxy.pid"

  wait_for "node $NODE_NAME" 120 node_ready "$dir" || {
    tail -20 "$dir/logs/kubelet.log" >&2
    die "node $NODE_NAME did not become Ready in 120 s (logs: $dir/logs/kubelet.log, containerd.log)"
  }
}

# --- down ------------------------------------------------------------------------------

# Stops the node and undoes what it changed on the machine; safe after a crash and when
# parts are already gone. The control plane is still up when it is called.
node_down() { # dir
  local dir="$1"
  kill_pidfile "$dir/scheduler.pid"
  kill_pidfile "$dir/controller-manager.pid"   # nothing recreates the pods deleted below
  local pods
  if [ -f "$dir/kubelet.pid" ] && kill -0 "$(cat "$dir/kubelet.pid")" 2>/dev/null && [ -f "$dir/ports" ] &&
    pods="$(api "$dir" GET /api/v1/pods 2>/dev/null | python3 -c '
import json, sys
for p in json.load(sys.stdin)["items"]:
    print(p["metadata"]["namespace"], p["metadata"]["name"])' 2>/dev/null)"; then
    # Force-delete every pod: the kubelet stops their containers and sandboxes (CNI DEL).
    # (Without an API server, the tasks are killed below and the host cleaned by hand.)
    local ns name
    while read -r ns name; do
      [ -n "$name" ] && { api "$dir" DELETE "/api/v1/namespaces/$ns/pods/$name?gracePeriodSeconds=0" >/dev/null 2>&1 || true; }
    done <<<"$pods"
    local deadline=$((SECONDS + 60))
    while [ -n "$(ctr_ "$dir" tasks ls -q 2>/dev/null)" ] && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
  fi
  kill_pidfile "$dir/kubelet.pid"
  kill_pidfile "$dir/kube-proxy.pid"
  if [ -f "$dir/containerd.pid" ] && kill -0 "$(cat "$dir/containerd.pid")" 2>/dev/null; then
    local id
    for id in $(ctr_ "$dir" tasks ls -q 2>/dev/null); do
      ctr_ "$dir" tasks kill -a -s SIGKILL "$id" >/dev/null 2>&1 || true
    done
    sleep 0.5
    for id in $(ctr_ "$dir" tasks ls -q 2>/dev/null); do ctr_ "$dir" tasks delete -f "$id" >/dev/null 2>&1 || true; done
  fi
  kill_pidfile "$dir/containerd.pid"
  # After a crash: shims of this containerd (named by its socket) and containers runc knows.
  local pid id
  for pid in $(pgrep -f -- "-address $dir/containerd/containerd.sock" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  # A killed shim leaves its socket in /run/containerd/s, named by sha256("<socket>/<ns>/<id>").
  local task
  for task in "$dir"/containerd/state/io.containerd.runtime.v2.task/k8s.io/*/; do
    [ -d "$task" ] || continue
    id="$(basename "$task")"
    rm -f "/run/containerd/s/$(printf '%s' "$dir/containerd/containerd.sock/k8s.io/$id" | sha256sum | cut -c1-64)"
  done
  if [ -d "$dir/containerd/runc/k8s.io" ]; then
    for id in $(runc --root "$dir/containerd/runc/k8s.io" list -q 2>/dev/null); do
      runc --root "$dir/containerd/runc/k8s.io" kill "$id" KILL >/dev/null 2>&1 || true
      runc --root "$dir/containerd/runc/k8s.io" delete -f "$id" >/dev/null 2>&1 || true
    done
  fi
  node_clean_host "$dir"
}

# Removes the node's iptables chains in every table: first the rules that jump to them from
# other chains, then the chains. Other rules are left as they are.
iptables_sweep() { # iptables|ip6tables
  local ipt="$1" table line chain
  command -v "$ipt" >/dev/null || return 0
  for table in filter nat mangle; do
    "$ipt-save" -t "$table" >/dev/null 2>&1 || continue
    "$ipt-save" -t "$table" 2>/dev/null | grep -E '^-A .* -j (KUBE-|CNI-)' | grep -Ev '^-A (KUBE-|CNI-)' |
      while IFS= read -r line; do eval "$ipt -t $table -D ${line#-A }" 2>/dev/null || true; done || true
    for chain in $("$ipt-save" -t "$table" 2>/dev/null | sed -nE 's/^:((KUBE-|CNI-)[^ ]*) .*/\1/p'); do
      "$ipt" -t "$table" -F "$chain" 2>/dev/null || true
    done
    for chain in $("$ipt-save" -t "$table" 2>/dev/null | sed -nE 's/^:((KUBE-|CNI-)[^ ]*) .*/\1/p'); do
      "$ipt" -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
}

node_clean_host() { # dir
  local dir="$1" nb m
  if nb="$(node_bin_dir)"; then "$nb/kube-proxy" --cleanup >/dev/null 2>&1 || true; fi
  iptables_sweep iptables
  iptables_sweep ip6tables
  ip link del "$BRIDGE" >/dev/null 2>&1 || true
  # Mounts under DIR (container rootfs, pod volumes, network namespaces), deepest first.
  for m in $(awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  if [ -f "$NODE_STATE/node-dir" ] && [ "$(cat "$NODE_STATE/node-dir")" = "$dir" ]; then
    local s v p
    if [ -f "$NODE_STATE/sysctls" ]; then
      while read -r s v; do echo "$v" >"/proc/sys/$s" 2>/dev/null || true; done <"$NODE_STATE/sysctls"
    fi
    if [ -f "$NODE_STATE/created-paths" ]; then
      while read -r p; do [ -n "$p" ] && rm -rf "$p"; done <"$NODE_STATE/created-paths"
    fi
    rm -f "$NODE_STATE/sysctls" "$NODE_STATE/created-paths" "$NODE_STATE/node-dir" "$NODE_STATE/up.pid" "$NODE_STATE/lock"
    rmdir "$NODE_STATE" 2>/dev/null || true
  fi
}
