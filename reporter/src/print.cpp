#include "print.h"

#include <cstdio>

namespace gtest_webhook::detail {
namespace {

void AppendHex(std::string& out, unsigned char byte) {
  char text[8];
  std::snprintf(text, sizeof text, "\\x%02x", static_cast<unsigned>(byte));
  out += text;
}

// The length of the valid UTF-8 sequence at the start of `text` (0 when there is none), and its
// code point.
std::size_t Utf8Sequence(std::string_view text, char32_t& code_point) {
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1FU;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0FU;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07U;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0U) != 0x80U) return 0;
    code_point = (code_point << 6U) | (byte & 0x3FU);
  }
  // Overlong forms, surrogates and what lies past U+10FFFF are not UTF-8.
  const char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < smallest[length] || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return 0;
  }
  return length;
}

}  // namespace

std::string EscapeControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto byte = static_cast<unsigned char>(text[0]);
    std::size_t used = 1;
    if (byte == '\n') {
      out += "\\n";
    } else if (byte == '\r') {
      out += "\\r";
    } else if ((byte < 0x20 && byte != '\t') || byte == 0x7F) {
      AppendHex(out, byte);
    } else if (byte < 0x80) {
      out += static_cast<char>(byte);
    } else {
      char32_t code_point = 0;
      used = Utf8Sequence(text, code_point);
      if (used == 0) {
        AppendHex(out, byte);
        used = 1;
      } else if (code_point <= 0x9F) {  // a C1 control, which some terminals obey
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(code_point));
        out += escaped;
      } else {
        out.append(text.data(), used);
      }
    }
    text.remove_prefix(used);
  }
  return out;
}

void PrintLine(std::ostream& out, std::string_view line) { out << EscapeControls(line) << '\n'; }

void LinePrinter::Print(const std::string& line) {
  if (printed_.insert(line).second) PrintLine(out_, line);
}

}  // namespace gtest_webhook::detail
