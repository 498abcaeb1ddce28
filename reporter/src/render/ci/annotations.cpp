#include "render/ci/annotations.h"

#include <charconv>
#include <cstring>

#include "json_writer.h"
#include "model/code_owners.h"

namespace gtest_webhook::detail {
namespace {

// Bytes of a failure's message an annotation shows: its head and tail beyond that.
constexpr std::size_t kAnnotationMessage = 8192;

std::string Command(const Report& report, const ChatFailure& failure) {
  const auto where = FailureLocation(report, failure);
  std::string line = "::error ";
  if (!where.path.empty()) {
    line += "file=" + EscapeWorkflowCommand(where.path, true);
    if (where.line > 0) line += ",line=" + std::to_string(where.line);
    line += ',';
  }
  const auto owners = OwnersText(failure);
  std::string title = failure.test + (failure.type == "error" ? " (error)" : " failed");
  if (!owners.empty()) title += " \xE2\x80\x94 owners " + owners;
  line += "title=" + EscapeWorkflowCommand(CutToChars(title, 500), true) + "::";
  return line + EscapeWorkflowCommand(failure.message, false) + "\n";
}

}  // namespace

FailureWhere FailureLocation(const Report& report, const ChatFailure& failure) {
  FailureWhere where;
  const auto colon = failure.location.rfind(':');
  if (colon != std::string::npos) {
    where.given = failure.location.substr(0, colon);
    // Digits (LooksLikeLocation), but as many as an input likes: none that overflow.
    const char* digits = failure.location.c_str() + colon + 1;
    const auto parsed = std::from_chars(digits, digits + std::strlen(digits), where.line);
    if (parsed.ec != std::errc()) where.line = 0;
  } else {
    where.given = failure.file;
    where.line = failure.line;
  }
  where.path = RelativeToRoot(report.repository_root, where.given);
  if (!where.given.empty() && where.given.front() == '/' && report.repository_root.empty()) {
    where.path.clear();
  }
  return where;
}

std::string EscapeWorkflowCommand(std::string_view text, bool property) {
  std::string out;
  out.reserve(text.size());
  for (const char c : ToValidUtf8(text)) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == '\x7F') {
          // Shown, never passed to the log's terminal: GitHub decodes only the three above.
          static const char kHex[] = "0123456789ABCDEF";
          out += "\\x";
          out += kHex[static_cast<unsigned char>(c) >> 4U];
          out += kHex[static_cast<unsigned char>(c) & 0xFU];
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string GitHubAnnotations(const Report& report, const Summary& summary) {
  const auto message = BuildChatMessage(report, summary, kAnnotatedFailures, kAnnotationMessage);
  std::string commands;
  for (const auto& failure : message.failures) commands += Command(report, failure);
  if (message.failure_count > message.failures.size()) {
    const auto more = message.failure_count - message.failures.size();
    commands += "::notice title=" + EscapeWorkflowCommand(report.name, true) +
                "::" + std::to_string(more) +
                (more == 1 ? " more failure is" : " more failures are") +
                " not annotated (GitHub shows " + std::to_string(kAnnotatedFailures) +
                " per step); the job summary and the report list them all\n";
  }
  return commands;
}

}  // namespace gtest_webhook::detail
