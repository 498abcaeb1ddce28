// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// A repository's CODEOWNERS (SPEC §17): who owns a file, as GitHub and GitLab read the file.
// Patterns are gitignore's (`*`, `?`, `**`, `[a-z]`, a leading `/` anchors, a trailing `/` means a
// directory), except that `dir/*` owns only the files directly in `dir`; the last matching line
// wins. GitLab's sections (`[Name]`, `^[Optional]`, `[Name][2]`, `[Name] @default`) each have
// their own last match, and a file's owners are those of every section, in order.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gtest_webhook::detail {

class CodeOwners {
 public:
  /// Reads the lines of `text`. A line that is not a rule (an owner that is neither `@name`,
  /// `@org/team` nor an e-mail address, a `!` negation, a section header without `]`) is
  /// skipped with one line in `warnings` naming `origin` and the line's number.
  static CodeOwners Parse(std::string_view text, const std::string& origin,
                          std::vector<std::string>& warnings);

  /// The owners of `path`, relative to the repository's root with `/` between its parts; none
  /// when no line matches it (or the last one that does names nobody). A rule whose literal
  /// text the path does not hold is passed over unmatched, so that a file of many costly
  /// patterns (`**/*a*a*a*a*b1`) costs a search per rule.
  std::vector<std::string> For(std::string_view path) const;

  /// How many rules were read.
  std::size_t size() const { return rules_.size(); }

 private:
  struct Rule {
    /// The pattern's parts between `/`; `**` matches any number of parts.
    std::vector<std::string> parts;
    /// It ended with `/`: it owns what is inside a directory of that name, never a file.
    bool directory_only = false;
    /// It ended with `/*`: it owns the files directly in the directory, not those below.
    bool this_level_only = false;
    std::vector<std::string> owners;
    std::size_t section = 0;
    /// The longest run of literal characters in one of its parts: a path without it cannot
    /// match, which a search tells before any matching (empty: none).
    std::string literal;
  };
  bool Matches(const Rule& rule, const std::vector<std::string_view>& path) const;
  bool ParseRule(std::string_view line, std::string& why);
  bool ParseSection(std::string_view line, std::string& why);

  std::vector<Rule> rules_;
  /// The default owners of each section; section 0 is what comes before the first header.
  std::vector<std::vector<std::string>> section_owners_{{}};
};

/// `file` relative to `root` with `/` between its parts, for CODEOWNERS and for links: a path
/// below `root` loses it; a relative path (a compiler's `__FILE__` from a build directory) is
/// taken as relative to `root` once its leading `./` and `../` are gone. Empty when `file` is
/// empty or an absolute path outside `root`.
std::string RelativeToRoot(const std::string& root, const std::string& file);

}  // namespace gtest_webhook::detail
