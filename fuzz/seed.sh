#!/usr/bin/env bash
# Fills fuzz/corpus/TARGET/ (git-ignored) with seeds taken from the repository's fixtures and rule files,
# one file per distinct content, named by its SHA-256. Extra folders given as arguments are searched
# the same way (for instance a local collection of real dossiers); nothing from them enters the repository.
# Files over 512 KiB are left out: big seeds slow every mutation and raise libFuzzer's -max_len.
#
#   fuzz/seed.sh [EXTRA_DIR...]
set -euo pipefail
fuzz_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$fuzz_dir")
sources=("$root/fixtures" "$root/rules" "$@")

# seed TARGET FIND-NAME-PATTERN...: copies every matching file under the sources into the target's corpus.
seed() {
    local target=$1
    shift
    local dir="$fuzz_dir/corpus/$target"
    mkdir -p "$dir"
    local args=() pattern
    for pattern in "$@"; do
        args+=(-o -iname "$pattern")
    done
    find "${sources[@]}" -type f -size -512k \( "${args[@]:1}" \) -print0 |
        while IFS= read -r -d '' file; do
            cp "$file" "$dir/$(sha256sum "$file" | cut -c1-64)"
        done
    echo "$target: $(find "$dir" -type f | wc -l) seeds"
}

seed docx '*.docx' '*.docm' '*.dotx'

# docx_xml: the word/document.xml of every .docx seed.
mkdir -p "$fuzz_dir/corpus/docx_xml"
for file in "$fuzz_dir"/corpus/docx/*; do
    unzip -p "$file" word/document.xml >"$fuzz_dir/corpus/docx_xml/tmp" 2>/dev/null || true
    if [ -s "$fuzz_dir/corpus/docx_xml/tmp" ]; then
        mv "$fuzz_dir/corpus/docx_xml/tmp" "$fuzz_dir/corpus/docx_xml/$(sha256sum "$fuzz_dir/corpus/docx_xml/tmp" | cut -c1-64)"
    fi
done
rm -f "$fuzz_dir/corpus/docx_xml/tmp"
echo "docx_xml: $(find "$fuzz_dir/corpus/docx_xml" -type f | wc -l) seeds"
seed pdf '*.pdf'
seed mp4 '*.mp4' '*.m4v' '*.m4a' '*.mov'
seed image '*.jpg' '*.jpeg' '*.png' '*.gif' '*.webp' '*.bmp' '*.tif' '*.tiff' '*.heic'
seed rule_file '*.toml'
# The count target reads its first byte as run hints and the rest as text.
seed count '*.toml' '*.md' '*.txt'

# The hostile files the tests generate (tests/hostile*.rs) join the seeds: with SHENBAO_SEED_DIR set, each
# test keeps the file it made under corpus/<target>/ (only those under 512 KiB).
echo "hostile test files: running tests/hostile*.rs to collect them"
SHENBAO_SEED_DIR="$fuzz_dir/corpus" cargo test --quiet --manifest-path "$root/Cargo.toml" --test 'hostile*' >/dev/null 2>&1 ||
    echo "some hostile tests failed; their files are kept all the same"
for target in docx pdf mp4 image; do
    echo "$target: $(find "$fuzz_dir/corpus/$target" -type f | wc -l) seeds with the hostile files"
done
