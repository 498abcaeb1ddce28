#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The gtest-webhook developers
# SPDX-License-Identifier: MIT
"""Checks the README, the changelog and every page of docs/: each relative link names a file of
the repository, each #anchor a heading of its page (as GitHub makes anchors of headings), and every
page of docs/ is linked from the README, which stays a landing page (at most 300 lines). They
never send a user to what a user does not have: no relative link leaves the repository (the
project's shared folder), and no page cites the product's internal contract (SPEC §N); web
addresses are not followed. Exit code 1, with one line per problem, when any is."""
import pathlib
import re
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
LINK = re.compile(r'\]\(([^)\s]+)\)')
SPEC = re.compile(r'SPEC(\.md)? ?§ ?[0-9]+|SPEC\.md')


def slug(heading):
    text = heading.lstrip('#').strip().lower()
    text = re.sub(r'[^\w\- ]', '', text)
    return text.replace(' ', '-')


def prose_lines(path):
    """The lines of `path` outside fenced code blocks."""
    fenced = False
    for line in path.read_text(encoding='utf-8').splitlines():
        if line.lstrip().startswith('```'):
            fenced = not fenced
            continue
        if not fenced:
            yield line


def anchors(path):
    found = set()
    for line in prose_lines(path):
        if line.startswith('#'):
            base = slug(line)
            name, n = base, 1
            while name in found:  # GitHub numbers repeated headings: name-1, name-2 ...
                name, n = f'{base}-{n}', n + 1
            found.add(name)
    return found


def check(page, problems):
    linked = set()
    where = page.relative_to(ROOT)
    for line in prose_lines(page):
        if SPEC.search(line):
            problems.append(f'{where}: cites {SPEC.search(line).group(0)}, which users do not have: '
                            'link the page of docs/ that says it')
        for target in LINK.findall(line):
            if re.match(r'^[a-z]+:', target):
                continue
            file_part, _, anchor = target.partition('#')
            dest = (page.parent / file_part).resolve() if file_part else page
            if ROOT not in dest.parents and dest != ROOT:
                problems.append(f'{where}: {target}: outside the repository, which users do not have')
                continue
            if not dest.exists():
                problems.append(f'{where}: {target}: no such file')
                continue
            linked.add(dest)
            if anchor and dest.suffix == '.md' and anchor not in anchors(dest):
                problems.append(f'{where}: {target}: no heading makes the anchor #{anchor}')
    return linked


def main():
    problems = []
    readme = ROOT / 'README.md'
    from_readme = check(readme, problems)
    lines = len(readme.read_text(encoding='utf-8').splitlines())
    if lines > 300:
        problems.append(f'README.md: {lines} lines; a landing page has at most 300 (move the '
                        'rest to docs/)')
    check(ROOT / 'CHANGELOG.md', problems)
    for page in sorted((ROOT / 'docs').glob('*.md')):
        check(page, problems)
        if page.resolve() not in from_readme:
            problems.append(f'docs/{page.name}: not linked from the README')
    for problem in problems:
        print(problem)
    pages = len(list((ROOT / 'docs').glob('*.md')))
    print(f'check_links: README.md and {pages} pages of docs/, {len(problems)} broken')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
