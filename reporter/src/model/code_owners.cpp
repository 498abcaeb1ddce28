// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "model/code_owners.h"

#include <algorithm>
#include <filesystem>

namespace gtest_webhook::detail {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The words of `line`, split at blanks; a backslash keeps the character after it (an escaped
// blank or `#` in a pattern). A word that starts with `#` begins a comment.
std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (IsSpace(c)) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    if (!in_word && c == '#') break;
    in_word = true;
    if (c == '\\' && i + 1 < line.size()) {
      word += line.substr(i, 2);  // kept escaped for the matcher; an escaped blank stays
      ++i;
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

bool IsOwner(const std::string& word) {
  if (word.size() > 1 && word[0] == '@') return word.find('@', 1) == std::string::npos;
  const auto at = word.find('@');
  return at != std::string::npos && at > 0 && word.find('.', at) != std::string::npos &&
         word.back() != '.';
}

// `[...]` at `p` in `pattern` against `c`; `p` ends past the class. False at a class without
// `]`, which then matches nothing.
bool MatchClass(std::string_view pattern, std::size_t& p, char c) {
  std::size_t i = p + 1;
  const bool negated = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negated) ++i;
  bool matched = false;
  bool first = true;
  for (; i < pattern.size() && (first || pattern[i] != ']'); ++i, first = false) {
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      matched = matched || (pattern[i] <= c && c <= pattern[i + 2]);
      i += 2;
    } else {
      matched = matched || pattern[i] == c;
    }
  }
  if (i >= pattern.size()) return false;
  p = i + 1;
  return matched != negated;
}

// One part of a path against one part of a pattern: `*`, `?`, `[...]` and `\x`. The star
// backtracks to its last position only, which is enough for a single part.
bool MatchPart(std::string_view pattern, std::string_view text) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t star_text = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = ++p;
      star_text = t;
      continue;
    }
    std::size_t next = p + 1;
    bool ok = false;
    if (p < pattern.size()) {
      if (pattern[p] == '?') {
        ok = true;
      } else if (pattern[p] == '[') {
        next = p;
        ok = MatchClass(pattern, next, text[t]);
      } else if (pattern[p] == '\\' && p + 1 < pattern.size()) {
        ok = pattern[p + 1] == text[t];
        next = p + 2;
      } else {
        ok = pattern[p] == text[t];
      }
    }
    if (ok) {
      p = next;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// The longest run of characters of `part` that match only themselves (outside `*`, `?`, `[...]`
// and an escape).
std::string_view LongestLiteral(std::string_view part) {
  std::string_view longest;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= part.size(); ++i) {
    const bool special =
        i < part.size() && std::string_view("*?[\\").find(part[i]) != std::string_view::npos;
    if (i < part.size() && !special) continue;
    if (i - start > longest.size()) longest = part.substr(start, i - start);
    if (i < part.size() && part[i] == '[') {
      const auto close = part.find(']', i + 2);
      i = close == std::string_view::npos ? part.size() : close;
    } else if (i < part.size() && part[i] == '\\') {
      ++i;  // the escaped character: literal, but not joined to a run here
    }
    start = i + 1;
  }
  return longest;
}

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    const auto slash = path.find('/');
    if (slash != 0) parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

// Whether the pattern's parts match exactly the first `count` parts of `path`; `**` matches
// any number of parts. A table over (pattern part, path part), so no pattern can make it slow.
bool MatchParts(const std::vector<std::string>& pattern, const std::vector<std::string_view>& path,
                std::size_t count) {
  const std::size_t width = count + 1;
  std::vector<char> table((pattern.size() + 1) * width, 0);
  table[pattern.size() * width + count] = 1;
  for (std::size_t i = pattern.size(); i-- > 0;) {
    for (std::size_t j = width; j-- > 0;) {
      const auto at = [&](std::size_t a, std::size_t b) { return table[a * width + b] != 0; };
      bool ok = false;
      if (pattern[i] == "**") {
        ok = at(i + 1, j) || (j < count && at(i, j + 1));
      } else {
        ok = j < count && MatchPart(pattern[i], path[j]) && at(i + 1, j + 1);
      }
      table[i * width + j] = ok ? 1 : 0;
    }
  }
  return table[0] != 0;
}

}  // namespace

bool CodeOwners::ParseSection(std::string_view line, std::string& why) {
  if (line.front() == '^') line.remove_prefix(1);
  const auto close = line.find(']');
  if (close == std::string_view::npos || close == 1) {
    why = "a section header without a name in [ ]";
    return false;
  }
  line.remove_prefix(close + 1);
  if (!line.empty() && line.front() == '[') {  // how many approvals: [2]
    const auto count_close = line.find(']');
    line.remove_prefix(count_close == std::string_view::npos ? line.size() : count_close + 1);
  }
  std::vector<std::string> owners;
  for (auto& word : Words(line)) {
    if (!IsOwner(word)) {
      why = "'" + word + "' is not an owner (@user, @org/team or an e-mail address)";
      return false;
    }
    owners.push_back(std::move(word));
  }
  section_owners_.push_back(std::move(owners));
  return true;
}

bool CodeOwners::ParseRule(std::string_view line, std::string& why) {
  auto words = Words(line);
  if (words.empty()) return true;
  std::string pattern = std::move(words.front());
  if (pattern[0] == '!') {
    why = "a negation ('!'), which CODEOWNERS does not have";
    return false;
  }
  Rule rule;
  rule.section = section_owners_.size() - 1;
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (!IsOwner(words[i])) {
      why = "'" + words[i] + "' is not an owner (@user, @org/team or an e-mail address)";
      return false;
    }
    rule.owners.push_back(std::move(words[i]));
  }
  if (rule.owners.empty()) rule.owners = section_owners_.back();
  rule.directory_only = pattern.size() > 1 && pattern.back() == '/';
  if (rule.directory_only) pattern.pop_back();
  const auto slash = pattern.find('/');
  const bool anchored = slash != std::string::npos;  // a leading or inner `/`
  rule.this_level_only =
      anchored && pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, "/*") == 0;
  if (!anchored) rule.parts.emplace_back("**");
  for (const auto part : Split(pattern)) rule.parts.emplace_back(part);
  if (rule.parts.empty()) rule.parts.emplace_back("**");  // `/` alone: everything
  for (const auto& part : rule.parts) {
    const auto literal = LongestLiteral(part);
    if (literal.size() > rule.literal.size()) rule.literal = std::string(literal);
  }
  rules_.push_back(std::move(rule));
  return true;
}

CodeOwners CodeOwners::Parse(std::string_view text, const std::string& origin,
                             std::vector<std::string>& warnings) {
  CodeOwners owners;
  std::size_t number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    while (!line.empty() && IsSpace(line.front())) line.remove_prefix(1);
    while (!line.empty() && IsSpace(line.back())) line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::string why;
    const bool section =
        line.front() == '[' || (line.size() > 1 && line[0] == '^' && line[1] == '[');
    if (!(section ? owners.ParseSection(line, why) : owners.ParseRule(line, why))) {
      warnings.push_back(origin + ":" + std::to_string(number) + ": " + why +
                         "; the line is skipped");
    }
  }
  return owners;
}

bool CodeOwners::Matches(const Rule& rule, const std::vector<std::string_view>& path) const {
  if (!rule.directory_only && MatchParts(rule.parts, path, path.size())) return true;
  if (rule.this_level_only) return false;
  // What a pattern matches as a directory, it owns inside.
  for (std::size_t count = path.size(); count-- > 1;) {
    if (MatchParts(rule.parts, path, count)) return true;
  }
  return false;
}

std::vector<std::string> CodeOwners::For(std::string_view path) const {
  const auto parts = Split(path);
  std::vector<const Rule*> last(section_owners_.size(), nullptr);
  for (const auto& rule : rules_) {
    if (!rule.literal.empty() && path.find(rule.literal) == std::string_view::npos) continue;
    if (Matches(rule, parts)) last[rule.section] = &rule;
  }
  std::vector<std::string> owners;
  for (const auto* rule : last) {
    if (rule == nullptr) continue;
    for (const auto& owner : rule->owners) {
      if (std::find(owners.begin(), owners.end(), owner) == owners.end()) owners.push_back(owner);
    }
  }
  return owners;
}

std::string RelativeToRoot(const std::string& root, const std::string& file) {
  if (file.empty()) return {};
  namespace fs = std::filesystem;
  const fs::path path = fs::path(file).lexically_normal();
  // From a root directory: on Windows `/w/repo` is one too, though without a drive it is not
  // absolute.
  if (!path.has_root_directory()) {
    fs::path rest;
    bool leading = true;
    for (const auto& part : path) {
      leading = leading && (part == ".." || part == ".");
      if (!leading) rest /= part;
    }
    return rest.generic_string();
  }
  if (root.empty()) return {};
  const auto relative = path.lexically_relative(fs::path(root).lexically_normal());
  if (relative.empty() || *relative.begin() == "..") return {};
  return relative.generic_string();
}

}  // namespace gtest_webhook::detail
