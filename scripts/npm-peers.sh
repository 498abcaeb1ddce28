#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Installs the platforms' own libraries that the tests check our chat messages and signatures
# with (tests/npm/package.json: Microsoft's adaptivecards, @discordjs/builders, standardwebhooks)
# into build/npm, once. Installs Debian's nodejs and npm first when there is no npm.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  bash scripts/install-deps.sh nodejs npm
fi
target=build/npm
if [ -f "$target/node_modules/.installed" ] && cmp -s tests/npm/package.json "$target/package.json"; then
  exit 0
fi
mkdir -p "$target"
cp tests/npm/package.json "$target/package.json"
npm install --prefix "$target" --no-audit --no-fund --no-package-lock --silent
touch "$target/node_modules/.installed"
echo "npm-peers: installed $(ls "$target/node_modules" | tr '\n' ' ')"
