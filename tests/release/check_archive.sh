#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# The source release (docs/releasing.md): makes the archive as `--target package_source` does,
# checks SHA256SUMS against it and that it holds the source tree as git tracks it (no .git, no
# build output, nothing git ignores), then unpacks it for the consumer that vendors it.
# Usage: check_archive.sh SOURCE BINARY OUT VENDORED VERSION
#   SOURCE: gtest-webhook's source tree; BINARY: its build (CPackSourceConfig.cmake); OUT: where
#   the archive and SHA256SUMS go; VENDORED: where the archive is unpacked; VERSION: the version.
set -euo pipefail
source=$1 binary=$2 out=$3 vendored=$4 version=$5
fail() { echo "release archive: $*" >&2; exit 1; }
rm -rf "$out" "$vendored" && mkdir -p "$out" "$vendored"

archive="gtest-webhook-$version.tar.gz"
# SHA256SUMS keeps another package's line and replaces a stale one of this archive.
other="$(printf '%064d' 0)  gtest-webhook_${version}_amd64.deb"
printf '%s\n%s  %s\n' "$other" "$(printf '%064d' 1)" "$archive" >"$out/SHA256SUMS"
cpack --config "$binary/CPackSourceConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1 ||
  { cat "$out/cpack.log"; fail "cpack failed"; }
[ -f "$out/$archive" ] || fail "no $archive in $out: $(ls "$out")"
[ "$(head -1 "$out/SHA256SUMS")" = "$other" ] && [ "$(wc -l <"$out/SHA256SUMS")" -eq 2 ] ||
  fail "SHA256SUMS did not keep the other package's line and one of $archive: $(cat "$out/SHA256SUMS")"
(cd "$out" && sha256sum --strict --ignore-missing -c SHA256SUMS) ||
  fail "SHA256SUMS does not match $archive"

# Every entry sits below gtest-webhook-<version>/.
tar -tzf "$out/$archive" >"$out/entries"
if grep -v "^gtest-webhook-$version/" "$out/entries"; then fail "entries outside gtest-webhook-$version/"; fi
sed -n "s|^gtest-webhook-$version/||p" "$out/entries" | grep -v '/$' | grep -v '^$' | sort >"$out/files"
if grep -E '(^|/)\.git(/|$)|^build/' "$out/files"; then fail "a repository or a build in the archive"; fi
if git -C "$source" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$source" ls-files | sort >"$out/tracked"
  git -C "$source" ls-files --cached --others --exclude-standard | sort >"$out/allowed"
  missing=$(comm -23 "$out/tracked" "$out/files")
  [ -z "$missing" ] || fail "tracked files missing from the archive: $missing"
  extra=$(comm -13 "$out/allowed" "$out/files")
  [ -z "$extra" ] || fail "files git ignores in the archive: $extra"
fi
for needed in LICENSE CHANGELOG.md CMakeLists.txt README.md; do
  grep -qx "$needed" "$out/files" || fail "no $needed in the archive"
done

tar -xzf "$out/$archive" -C "$vendored" --strip-components=1
echo "release archive: $out/$archive, $(wc -l <"$out/files") files, SHA256SUMS ok"
