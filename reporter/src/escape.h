// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#pragma once

// Text as every writer of gtest-webhook writes it: one decoder of UTF-8, one rule per target for
// what it cannot hold, one writer. Whatever bytes a test's name, message or output holds, what
// is written stays valid in its format (JSON, XML, HTML, Markdown, a workflow command, a
// Prometheus label, a line on the terminal) and can neither end it nor forge more of it.

#include <cstddef>
#include <ostream>
#include <set>
#include <string>
#include <string_view>

namespace gtest_webhook::detail {

/// The length of the well-formed UTF-8 sequence starting at `text[i]` (RFC 3629's table), 0 when
/// none starts there.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i);

/// Where text is written, each with its own rule. Every target but kTerminal writes a byte that
/// does not start a well-formed UTF-8 sequence as U+FFFD.
enum class Target {
  /// Inside a JSON string: `"`, `\` and the C0 controls escaped (`\n`, `\u001b`), as
  /// nlohmann/json's `replace` mode writes them.
  kJson,
  /// XML character data: `&`, `<`, `>` as entities, a carriage return as `&#13;` (which every
  /// reader would otherwise turn into a line feed), the other controls XML cannot hold shown as
  /// `\xNN`; U+FFFE and U+FFFF, which are no XML characters, as U+FFFD.
  kXmlText,
  /// An XML attribute value, and HTML text or attribute: as kXmlText, and `"`, tab and line feed
  /// as character references.
  kXmlAttribute,
  /// Text inside one line of GitHub Markdown (a table cell): line ends and tabs as spaces,
  /// Markdown's and HTML's punctuation backslash-escaped, controls shown as `\\xNN`.
  kMarkdown,
  /// A GitHub workflow command's message: `%`, carriage return and line feed percent-encoded
  /// (all that GitHub decodes); the other C0 and C1 controls shown (`\xNN`, `\u009b`), since the
  /// log is a terminal.
  kWorkflowMessage,
  /// A workflow command's property value (`file=`, `title=`): also `:` and `,`.
  kWorkflowProperty,
  /// A Prometheus label value: `\`, `"` and line feed escaped.
  kLabel,
  /// A line people read: every control escaped (`\n`, `\r`, `\xhh` for the other C0 controls
  /// and DEL, `\u0080`…`\u009f` for the C1 controls), bytes that are not UTF-8 as `\xhh`; tabs
  /// and everything else as they are.
  kTerminal,
};

/// Appends `text` written for `target`.
void AppendEscaped(std::string& out, std::string_view text, Target target);

/// `text` written for `target`.
std::string Escaped(std::string_view text, Target target);

/// Appends `text` as a JSON string, quotes included (Target::kJson).
void AppendJsonString(std::string& out, std::string_view text);

/// `text` with each byte that does not start a well-formed UTF-8 sequence replaced by U+FFFD.
std::string ToValidUtf8(std::string_view text);

/// Appends `text` with each byte percent-encoded (`%2F`) but ASCII letters, digits and `kept`.
void AppendPercentEncoded(std::string& out, std::string_view text, std::string_view kept);

/// `url` as the destination of a Markdown or HTML link, when it is an http(s) URL (scheme
/// `http://` or `https://`): each byte that is not a URL character, or that ends a Markdown
/// destination or an HTML attribute (space, `(`, `)`, `<`, `>`, `"`, `'`, `[`, `]`, `\`, a
/// backtick, controls, bytes above ASCII), percent-encoded. Empty for anything else, which is
/// then never made a link.
std::string LinkDestination(std::string_view url);

/// Prints `line` written for the terminal (Target::kTerminal), and a newline: a value from a
/// configuration, a file name or a receiver's answer can neither forge a line of its own nor
/// move a terminal's cursor.
void PrintLine(std::ostream& out, std::string_view line);

/// Prints lines, each once: the same line from several places (a state directory that every
/// part of a dispatch finds unusable) is said once.
class LinePrinter {
 public:
  explicit LinePrinter(std::ostream& out) : out_(out) {}
  void Print(const std::string& line);

 private:
  std::ostream& out_;
  std::set<std::string> printed_;
};

}  // namespace gtest_webhook::detail
