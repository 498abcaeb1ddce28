#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# The package test: builds the Debian package (workflow preset "package"), checks that its
# Depends names the libcurl and libssl packages, that it carries the license as Debian's
# copyright file and that SHA256SUMS beside it holds it, installs it with apt-get, checks that the
# installed files show their libraries to ldd, and builds and runs the example project against
# the installed package, reporting to the example receiver. Needs root (it installs the package,
# and leaves it installed: `apt-get remove gtest-webhook` takes it away).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh dpkg-dev

cmake --workflow --preset package
deb=$(ls build/package/gtest-webhook_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
echo "package-test: $deb: Depends: $depends"
for needed in libcurl4 libssl3 libgtest-dev nlohmann-json3-dev; do
  grep -qE "(^|, )$needed( |,|$)" <<<"$depends" || { echo "package-test: Depends lacks $needed" >&2; exit 1; }
done

# Debian's copyright file names the license (machine-readable form), and SHA256SUMS the package.
copyright=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/doc/gtest-webhook/copyright)
grep -qx "License: MIT" <<<"$copyright" || { echo "package-test: copyright names no MIT license" >&2; exit 1; }
(cd build/package && sha256sum --ignore-missing --strict -c SHA256SUMS) ||
  { echo "package-test: build/package/SHA256SUMS does not hold $deb" >&2; exit 1; }
grep -q "  $(basename "$deb")$" build/package/SHA256SUMS

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --reinstall "./$deb" >/dev/null
module=$(dpkg -L gtest-webhook | grep '/libgtest_webhook_net\.so\.[0-9]*$')
# Captured first: with pipefail, `ldd | grep -q` fails whenever grep stops reading before ldd
# has written everything (SIGPIPE), however right the output.
libraries=$(ldd "$module")
grep -q 'libcurl\.so' <<<"$libraries" || { echo "package-test: ldd $module shows no libcurl" >&2; exit 1; }
grep -q 'libcrypto\.so' <<<"$libraries" || { echo "package-test: ldd $module shows no libcrypto" >&2; exit 1; }
# The loader's cache knows the module by name (the package's ldconfig trigger ran).
cache=$(ldconfig -p)
grep -q "$(basename "$module")" <<<"$cache" || { echo "package-test: ldconfig does not know $module" >&2; exit 1; }

bash tests/package/check_example.sh "$PWD" /usr "$PWD/build/package-example" Ninja

# pkg-config (which Meson's dependency() reads too): a test binary built with nothing but the
# flags it gives reports at once.
work="$PWD/build/package-pkgconfig"
rm -rf "$work" && mkdir -p "$work"
printf '#include <gtest/gtest.h>\nTEST(PkgConfig, Links) { EXPECT_EQ(1, 1); }\n' >"$work/test.cpp"
# shellcheck disable=SC2046  # pkg-config's words are the flags
c++ -std=c++17 "$work/test.cpp" $(pkg-config --cflags --libs gtest_main gtest_webhook) -o "$work/test"
GTEST_WEBHOOK_OUTPUT="$work/report.json" GTEST_WEBHOOK_STATE_DIR="$work/state" "$work/test" >/dev/null
grep -q '"tests":1,' "$work/report.json" || { echo "package-test: no report from the pkg-config build" >&2; exit 1; }
echo "package-test: the installed package builds the example and a pkg-config test, which report"
