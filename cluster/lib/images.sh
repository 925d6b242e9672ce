# Builds the test images as OCI archives with nothing but tar and sha256sum, and imports them into
# the cluster's containerd. There is no registry to pull from: pods name these images exactly
# (kubenv.local/NAME:v1) with imagePullPolicy: Never. The README's "Images of the real cluster"
# documents them; change both together.

# mkimage REF ROOTFS_DIR ENV_JSON ENTRYPOINT_JSON OUT_TAR
# One uncompressed layer; the index entry carries the full name in io.containerd.image.name, which
# `ctr images import` takes as the image name (containerd v1.6 import.go, imageName()).
mkimage() {
  local ref=$1 rootfs=$2 env=$3 entrypoint=$4 out=$5 dir
  dir=$(mktemp -d)
  mkdir -p "$dir/blobs/sha256"
  put() { local h; h=$(sha256sum "$1" | cut -d' ' -f1); mv "$1" "$dir/blobs/sha256/$h"; echo "$h"; }
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$rootfs" -cf "$dir/layer" .
  local layer_size layer config_size config manifest_size manifest
  layer_size=$(stat -c %s "$dir/layer"); layer=$(put "$dir/layer")
  printf '{"architecture":"amd64","os":"linux","config":{"Env":%s,"Entrypoint":%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
    "$env" "$entrypoint" "$layer" > "$dir/config"
  config_size=$(stat -c %s "$dir/config"); config=$(put "$dir/config")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$config" "$config_size" "$layer" "$layer_size" > "$dir/manifest"
  manifest_size=$(stat -c %s "$dir/manifest"); manifest=$(put "$dir/manifest")
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"platform":{"architecture":"amd64","os":"linux"},"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest" "$manifest_size" "$ref" "${ref##*:}" > "$dir/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' > "$dir/oci-layout"
  tar -C "$dir" -cf "$out" oci-layout index.json blobs
  rm -rf "$dir"
}

# busybox_root DIR: a root with a static busybox and the applets the tests use.
busybox_root() {
  mkdir -p "$1/bin" "$1/proc" "$1/dev" "$1/etc" "$1/tmp" "$1/sys"
  cp /bin/busybox "$1/bin/busybox"
  local applet
  for applet in sh cat env ls sleep echo printenv true false tr; do ln -sf busybox "$1/bin/$applet"; done
}

# build_images OUT_DIR PAUSE_BINARY TITLE_SOURCE: writes app, distroless, sidecar, pause and title
# archives. title: busybox plus /title (cluster/title/title.c, built static), a process that writes
# its title over its environ as nginx does.
build_images() {
  local out=$1 pause=$2 title=$3 roots
  roots=$(mktemp -d)
  mkdir -p "$out"
  busybox_root "$roots/app"
  mkimage kubenv.local/app:v1 "$roots/app" \
    '["PATH=/bin","GREETING=hello-from-image","SHARED=image"]' '["/bin/sleep","infinity"]' "$out/app.tar"
  busybox_root "$roots/sidecar"
  mkimage kubenv.local/sidecar:v1 "$roots/sidecar" \
    '["PATH=/bin","SIDECAR=1","SHARED=sidecar"]' '["/bin/sleep","infinity"]' "$out/sidecar.tar"
  mkdir -p "$roots/distroless"; cp "$pause" "$roots/distroless/app"
  mkimage kubenv.local/distroless:v1 "$roots/distroless" '["MODE=distroless"]' '["/app"]' "$out/distroless.tar"
  mkdir -p "$roots/pause"; cp "$pause" "$roots/pause/pause"
  mkimage kubenv.local/pause:v1 "$roots/pause" '[]' '["/pause"]' "$out/pause.tar"
  busybox_root "$roots/title"
  gcc -static -O2 -o "$roots/title/title" "$title"
  mkimage kubenv.local/title:v1 "$roots/title" '["PATH=/bin","TITLE_IMAGE=1"]' '["/title"]' "$out/title.tar"
  rm -rf "$roots"
}
