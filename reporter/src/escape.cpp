// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

#include "escape.h"

#include <array>
#include <cctype>

namespace gtest_webhook::detail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t kTargets = 8;

// The ASCII bytes each target copies as they are; every other byte goes to Spell*.
using Plain = std::array<bool, 128>;

constexpr Plain PlainFor(Target target) {
  Plain plain{};
  for (std::size_t c = 0x20; c < 0x7F; ++c) plain[c] = true;
  const auto except = [&plain](std::string_view bytes) {
    for (const char c : bytes) plain[static_cast<unsigned char>(c)] = false;
  };
  switch (target) {
    case Target::kJson:
      plain[0x7F] = true;
      except("\"\\");
      break;
    case Target::kXmlText:
      plain['\n'] = plain['\t'] = true;
      except("&<>");
      break;
    case Target::kXmlAttribute:
      except("&<>\"");
      break;
    case Target::kMarkdown:
      except("\\`*_[]<>&|~$#!{}()");
      break;
    case Target::kWorkflowMessage:
      plain['\t'] = true;
      except("%");
      break;
    case Target::kWorkflowProperty:
      plain['\t'] = true;
      except("%:,");
      break;
    case Target::kLabel:
      for (std::size_t c = 0; c < 0x80; ++c) plain[c] = true;
      except("\\\"\n");
      break;
    case Target::kTerminal:
      plain['\t'] = true;
      break;
  }
  return plain;
}

constexpr std::array<Plain, kTargets> kPlain = {PlainFor(Target::kJson),
                                                PlainFor(Target::kXmlText),
                                                PlainFor(Target::kXmlAttribute),
                                                PlainFor(Target::kMarkdown),
                                                PlainFor(Target::kWorkflowMessage),
                                                PlainFor(Target::kWorkflowProperty),
                                                PlainFor(Target::kLabel),
                                                PlainFor(Target::kTerminal)};

void AppendHex(std::string& out, std::string_view prefix, unsigned value, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  out.append(prefix);
  out += digits[(value >> 4U) & 0xFU];
  out += digits[value & 0xFU];
}

void SpellJson(std::string& out, unsigned char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      AppendHex(out, "\\u00", c, false);
  }
}

void SpellXml(std::string& out, unsigned char c) {
  switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\n':
      out += "&#10;";
      break;
    case '\r':
      out += "&#13;";
      break;
    case '\t':
      out += "&#9;";
      break;
    default:  // a control XML 1.0 cannot hold, shown
      AppendHex(out, "\\x", c, true);
  }
}

void SpellWorkflow(std::string& out, unsigned char c) {
  if (c == '%' || c == '\r' || c == '\n' || c == ':' || c == ',') {
    AppendHex(out, "%", c, true);
  } else {
    AppendHex(out, "\\x", c, true);  // shown, never passed to the log's terminal
  }
}

// One ASCII byte that `target` does not copy as it is.
void SpellAscii(std::string& out, unsigned char c, Target target) {
  switch (target) {
    case Target::kJson:
      SpellJson(out, c);
      break;
    case Target::kXmlText:
    case Target::kXmlAttribute:
      SpellXml(out, c);
      break;
    case Target::kMarkdown:
      if (c == '\n' || c == '\r' || c == '\t') {
        out += ' ';
      } else if (c < 0x20 || c == 0x7F) {
        AppendHex(out, "\\\\x", c, true);  // shown, not passed on to the page
      } else {
        out.append(1, '\\').append(1, static_cast<char>(c));
      }
      break;
    case Target::kWorkflowMessage:
    case Target::kWorkflowProperty:
      SpellWorkflow(out, c);
      break;
    case Target::kLabel:
      out.append(1, '\\').append(1, c == '\n' ? 'n' : static_cast<char>(c));
      break;
    case Target::kTerminal:
      if (c == '\n' || c == '\r') {
        out.append(1, '\\').append(1, c == '\n' ? 'n' : 'r');
      } else {
        AppendHex(out, "\\x", c, false);
      }
      break;
  }
}

char32_t CodePoint(std::string_view sequence) {
  const auto lead = static_cast<unsigned char>(sequence[0]);
  char32_t code_point = sequence.size() == 2   ? lead & 0x1FU
                        : sequence.size() == 3 ? lead & 0x0FU
                                               : lead & 0x07U;
  for (std::size_t i = 1; i < sequence.size(); ++i) {
    code_point = (code_point << 6U) | (static_cast<unsigned char>(sequence[i]) & 0x3FU);
  }
  return code_point;
}

// A well-formed UTF-8 sequence, or (empty `sequence`) the byte `invalid` that starts none.
void SpellNonAscii(std::string& out, std::string_view sequence, unsigned char invalid,
                   Target target) {
  if (sequence.empty()) {
    if (target == Target::kTerminal) {
      AppendHex(out, "\\x", invalid, false);
    } else {
      out += kReplacement;
    }
    return;
  }
  const auto code_point = CodePoint(sequence);
  const bool xml = target == Target::kXmlText || target == Target::kXmlAttribute;
  const bool shown_c1 = target == Target::kTerminal || target == Target::kWorkflowMessage ||
                        target == Target::kWorkflowProperty;
  if (xml && (code_point == 0xFFFE || code_point == 0xFFFF)) {
    out += kReplacement;
  } else if (shown_c1 && code_point <= 0x9F) {  // a C1 control, which some terminals obey
    AppendHex(out, "\\u00", static_cast<unsigned>(code_point), false);
  } else {
    out.append(sequence);
  }
}

}  // namespace

std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
  const auto byte = [&text](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const auto in = [&](std::size_t k, unsigned lo, unsigned hi) {
    return k < text.size() && byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned lead = byte(i);
  if (lead >= 0xC2 && lead <= 0xDF) return in(i + 1, 0x80, 0xBF) ? 2 : 0;
  if (lead == 0xE0) return in(i + 1, 0xA0, 0xBF) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
  if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    return in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
  }
  if (lead == 0xED) return in(i + 1, 0x80, 0x9F) && in(i + 2, 0x80, 0xBF) ? 3 : 0;
  if (lead == 0xF0)
    return in(i + 1, 0x90, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
  if (lead >= 0xF1 && lead <= 0xF3) {
    return in(i + 1, 0x80, 0xBF) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
  }
  if (lead == 0xF4)
    return in(i + 1, 0x80, 0x8F) && in(i + 2, 0x80, 0xBF) && in(i + 3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

void AppendEscaped(std::string& out, std::string_view text, Target target) {
  const auto& plain = kPlain[static_cast<std::size_t>(target)];
  std::size_t run = 0;  // start of the bytes that are copied as they are
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80 && plain[c]) {
      ++i;
      continue;
    }
    out.append(text.data() + run, i - run);
    if (c < 0x80) {
      SpellAscii(out, c, target);
      ++i;
    } else {
      const auto length = Utf8SequenceLength(text, i);
      SpellNonAscii(out, text.substr(i, length), c, target);
      i += length == 0 ? 1 : length;
    }
    run = i;
  }
  out.append(text.data() + run, i - run);
}

std::string Escaped(std::string_view text, Target target) {
  std::string out;
  out.reserve(text.size());
  AppendEscaped(out, text, target);
  return out;
}

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  AppendEscaped(out, text, Target::kJson);
  out += '"';
}

std::string ToValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto length =
        static_cast<unsigned char>(text[i]) < 0x80 ? 1 : Utf8SequenceLength(text, i);
    out.append(length == 0 ? kReplacement : text.substr(i, length));
    i += length == 0 ? 1 : length;
  }
  return out;
}

void AppendPercentEncoded(std::string& out, std::string_view text, std::string_view kept) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x80 && std::isalnum(byte) != 0) || kept.find(c) != std::string_view::npos) {
      out += c;
    } else {
      AppendHex(out, "%", byte, true);
    }
  }
}

std::string LinkDestination(std::string_view url) {
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) return {};
  // RFC 3986's unreserved and reserved characters and `%`, less what ends a Markdown
  // destination or an HTML attribute, or starts Markdown's own syntax.
  std::string out;
  out.reserve(url.size());
  AppendPercentEncoded(out, url, "-._~:/?#@!$&*+,;=%");
  return out;
}

void PrintLine(std::ostream& out, std::string_view line) {
  out << Escaped(line, Target::kTerminal) << '\n';
}

void LinePrinter::Print(const std::string& line) {
  if (printed_.insert(line).second) PrintLine(out_, line);
}

}  // namespace gtest_webhook::detail
