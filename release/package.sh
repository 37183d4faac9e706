#!/usr/bin/env bash
# Packs one release build for download:
#   release/package.sh TARGET BINARY VERSION OUTDIR
# writes OUTDIR/shenbao-VERSION-TARGET.zip (Windows) or .tar.gz (elsewhere), holding one folder of that name
# with the binary (shenbao.exe or shenbao) and 使用说明.txt, and prints the archive's path. VERSION may carry
# the tag's leading "v". On Windows the guide gets a byte-order mark and CRLF line ends, so every Notepad
# shows its Chinese; the zip marks its names as UTF-8 (general purpose flag bit 11), so Explorer, 7-Zip and
# WinRAR show "使用说明.txt" and not mojibake. Needs bash, tar or Python 3 (for the zip); nothing else.
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 TARGET BINARY VERSION OUTDIR" >&2
    exit 2
fi
target=$1 binary=$2 version=${3#v} outdir=$4
here=$(cd "$(dirname "$0")" && pwd)
name="shenbao-$version-$target"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)

case $target in
    *windows*)
        cp "$binary" "$stage/$name/shenbao.exe"
        { printf '\357\273\277'; sed 's/\r$//; s/$/\r/' "$here/使用说明.txt"; } > "$stage/$name/使用说明.txt"
        archive="$outdir/$name.zip"
        python=$(command -v python3 || command -v python)
        # Python's zipfile sets the UTF-8 flag on every name that is not ASCII.
        (cd "$stage" && "$python" - "$archive" "$name" <<'PY'
import os, sys, zipfile
archive, root = sys.argv[1:]
with zipfile.ZipFile(archive + ".part", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for folder, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            z.write(os.path.join(folder, f))
os.replace(archive + ".part", archive)
PY
        )
        ;;
    *)
        cp "$binary" "$stage/$name/shenbao"
        chmod 755 "$stage/$name/shenbao"
        cp "$here/使用说明.txt" "$stage/$name/使用说明.txt"
        archive="$outdir/$name.tar.gz"
        tar -czf "$archive.part" -C "$stage" "$name"
        mv "$archive.part" "$archive"
        ;;
esac
echo "$archive"
