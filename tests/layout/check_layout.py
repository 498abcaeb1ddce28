#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
"""Checks the shape of reporter/src (reporter/src/README.md): at most 6 source files directly
in it and 16 in a folder, each folder described by its README.md, and a stage including only
model/ and the stages before it (config/ stands beside them and includes only model/). And the
platform boundary (docs/platforms.md): no code outside platform/ and the network module (net/)
asks which system it is compiled for (#if on _WIN32, __APPLE__, __linux__ ...). Exit code 1,
with one line per breach."""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve() / 'reporter' / 'src'
STAGES = ['model', 'capture', 'inputs', 'assemble', 'state', 'render', 'deliver']
INCLUDE = re.compile(r'^#include "([a-z_]+)/[^"]+"', re.M)
SYSTEM_TEST = re.compile(r'^\s*#\s*(if|ifdef|ifndef|elif)\b.*\b(_WIN32|_WIN64|__APPLE__|__MACH__|'
                         r'__linux__|__linux|__unix__|__FreeBSD__|__CYGWIN__|__MINGW32__|'
                         r'__MINGW64__)\b', re.M)
# What may ask which system it is built for; the rest of the product goes through platform/.
OUTSIDE_PLATFORM = ['reporter', 'listener', 'cli', 'examples']


def system_tests(repository):
    """One line per place outside platform/ and net/ that tests for a system."""
    problems = []
    for folder in OUTSIDE_PLATFORM:
        for path in sorted((repository / folder).rglob('*')):
            if path.suffix not in ('.cpp', '.h'):
                continue
            text = path.read_text(encoding='utf-8')
            for match in SYSTEM_TEST.finditer(text):
                line = text.count('\n', 0, match.start()) + 1
                problems.append(f'{path.relative_to(repository)}:{line}: tests for a system '
                                f'({match.group(2)}): that belongs in platform/')
    return problems


def main():
    problems = []
    sources = lambda folder: [p for p in folder.iterdir() if p.suffix in ('.cpp', '.h')]
    if len(sources(ROOT)) > 6:
        problems.append(f'reporter/src: {len(sources(ROOT))} source files, at most 6')
    folders = sorted(p for p in ROOT.iterdir() if p.is_dir())
    for folder in folders:
        if folder.name not in STAGES + ['config']:
            problems.append(f'reporter/src/{folder.name}: not a stage of reporter/src/README.md')
            continue
        if not (folder / 'README.md').is_file():
            problems.append(f'reporter/src/{folder.name}: no README.md saying what it does')
        files = sources(folder)
        if len(files) > 16:
            problems.append(f'reporter/src/{folder.name}: {len(files)} source files, at most 16')
        allowed = {'model'} if folder.name == 'config' else set(
            STAGES[:STAGES.index(folder.name) + 1])
        for path in files + [p for sub in folder.iterdir() if sub.is_dir() for p in sources(sub)]:
            for included in INCLUDE.findall(path.read_text(encoding='utf-8')):
                stage = included
                if stage in ('gtest_webhook', 'platform') or stage not in STAGES + ['config']:
                    continue
                if stage == 'config' and folder.name == 'config':
                    continue
                if stage not in allowed:
                    problems.append(f'{path.relative_to(ROOT.parent.parent)}: includes {stage}/, '
                                    f'a later stage (or config/)')
    problems += system_tests(ROOT.parent.parent)
    for problem in problems:
        print(problem)
    print(f'check_layout: {len(folders)} folders of reporter/src and the platform boundary, '
          f'{len(problems)} breaches')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
