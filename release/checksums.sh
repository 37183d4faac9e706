#!/usr/bin/env bash
# Writes DIR/SHA256SUMS over the archives in DIR (shenbao-*.zip, shenbao-*.tar.gz), in the format
# `sha256sum -c` and `shasum -a 256 -c` read:  <64 hex digits><two spaces><file name>
#   release/checksums.sh DIR
# A mirror that republishes the archives publishes this same file unchanged (see README, "下载与校验").
set -euo pipefail
cd "$1"
shopt -s nullglob
archives=(shenbao-*.zip shenbao-*.tar.gz)
if [ ${#archives[@]} -eq 0 ]; then
    echo "no shenbao-* archives in $1" >&2
    exit 1
fi
if command -v sha256sum >/dev/null; then
    sha256sum -- "${archives[@]}" > SHA256SUMS.part
else
    shasum -a 256 -- "${archives[@]}" > SHA256SUMS.part
fi
mv SHA256SUMS.part SHA256SUMS
cat SHA256SUMS
