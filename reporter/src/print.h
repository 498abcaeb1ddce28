#pragma once

// What gtest-webhook prints for people (stderr lines, stdout records): one line per call, with
// every control character escaped, so that a value from a configuration, a file name or a
// receiver's answer can neither forge a line of its own nor move a terminal's cursor.

#include <ostream>
#include <set>
#include <string>
#include <string_view>

namespace gtest_webhook::detail {

/// `text` with its control characters escaped: `\n`, `\r`, and `\xHH` for the other C0 controls,
/// DEL and bytes that are not UTF-8; `\u0080`…`\u009f` for the C1 controls. Tabs and everything
/// else stay as they are.
std::string EscapeControls(std::string_view text);

/// Prints `line`, escaped, and a newline.
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
