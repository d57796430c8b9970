# shellcheck shell=bash
# Packs a directory into a one-layer OCI image archive with umoci, no registry and no daemon.
# Sourced by scripts/local-cluster (the node's pause image) and scripts/workload-image.
#
#   oci_image_archive ROOTFS NAME OUT.tar ENTRYPOINT [ARG...]
#
# NAME is a full reference (e.g. ferry.local/pause:1); the archive is an OCI image layout
# (`oci-layout`, `index.json`, `blobs/`) whose index names the image both as
# `io.containerd.image.name` (what `ctr images import` uses) and as
# `org.opencontainers.image.ref.name`. The layer holds ROOTFS's files owned by root.

oci_image_archive() {
  local rootfs="$1" name="$2" out="$3"; shift 3
  [ -d "$rootfs" ] || { echo "oci_image_archive: $rootfs is not a directory" >&2; return 1; }
  command -v umoci >/dev/null || { echo "oci_image_archive: umoci is not installed (apt-get install umoci)" >&2; return 1; }
  local work; work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-oci.XXXXXX")"
  local layout="$work/layout" tag="build"
  local entry=() arg
  for arg in "$@"; do entry+=(--config.entrypoint "$arg"); done
  if ! {
    umoci init --layout "$layout" &&
      umoci new --image "$layout:$tag" &&
      umoci insert --rootless --image "$layout:$tag" "$rootfs" / &&
      umoci config --image "$layout:$tag" --config.user 0:0 --config.workingdir / "${entry[@]}" &&
      umoci gc --layout "$layout" &&
      python3 - "$layout/index.json" "$name" <<'EOF'
import json, sys
path, name = sys.argv[1], sys.argv[2]
index = json.load(open(path))
for m in index["manifests"]:
    m["annotations"] = {"io.containerd.image.name": name, "org.opencontainers.image.ref.name": name}
json.dump(index, open(path, "w"))
EOF
  } >"$work/umoci.log" 2>&1; then
    cat "$work/umoci.log" >&2; rm -rf "$work"; return 1
  fi
  tar -C "$layout" --owner=0 --group=0 -cf "$out.tmp" oci-layout index.json blobs && mv "$out.tmp" "$out"
  rm -rf "$work"
}
