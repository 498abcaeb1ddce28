#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
# Runs the whole test suite: installs what it needs, then configures, builds and tests with the
# CMake workflow preset (dev by default; "asan" for AddressSanitizer + UBSan, "release").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The platforms' own validators (npm) that the format tests check our messages with.
bash scripts/npm-peers.sh
cmake --workflow --preset "${1:-dev}"
