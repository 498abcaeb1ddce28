#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Unpacks the upstream sources of an installed Debian package, at the installed version, from
# Debian's source package (the machine's own Debian sources, for source packages too, while this
# runs), once: a second call finds DEST filled and returns at once.
# Usage: scripts/debian-source.sh SOURCE-PACKAGE BINARY-PACKAGE DEST   (needs root)
#   e.g. scripts/debian-source.sh cpp-httplib libcpp-httplib-dev build/libcxx/httplib-source
set -euo pipefail
source_package=$1 binary_package=$2 dest=$3
[ -f "$dest/.unpacked" ] && exit 0
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  sources=/etc/apt/sources.list.d/gtest-webhook-deb-src.sources
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$sources"
else
  sources=/etc/apt/sources.list.d/gtest-webhook-deb-src.list
  sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >"$sources"
fi
trap 'rm -f "$sources"; apt-get update -qq' EXIT
apt-get update -qq
rm -rf "$dest.download" "$dest" && mkdir -p "$dest.download" "$dest"
version=$(dpkg-query -W -f='${Version}' "$binary_package")
(cd "$dest.download" && apt-get source --download-only -qq "$source_package=$version")
tar -xf "$dest.download/${source_package}_"*.orig.tar.* -C "$dest" --strip-components=1
rm -rf "$dest.download"
touch "$dest/.unpacked"
