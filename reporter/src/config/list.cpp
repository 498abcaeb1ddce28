// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// The list front end: GTEST_WEBHOOK_REPORTERS, as JSON or @file, one description per entry.

#include "config/list.h"

#include "bounds.h"
#include "config/reporters.h"
#include "platform/files.h"

namespace gtest_webhook::detail {
namespace {

using nlohmann::json;

// The text of GTEST_WEBHOOK_REPORTERS, read from the file it names with `@`; `source` names it
// in problem lines. None, with a problem line, when the file cannot be read.
std::optional<std::string> ListText(const std::string& raw, std::string& source,
                                    Problems& problems) {
  const auto trimmed = Trim(raw);
  if (trimmed.empty() || trimmed.front() != '@') return raw;
  const auto path = trimmed.substr(1);
  std::string content;
  std::string why;
  if (platform::ReadRegularFile(path, kConfigFileBytes, content, why) !=
      platform::ReadOutcome::kRead) {
    problems.push_back("GTEST_WEBHOOK_REPORTERS names the file " + Shown(path) +
                       ", which cannot be read (" + why + "); no reporters from it");
    return std::nullopt;
  }
  source += " (file " + path + ")";
  return content;
}

// The array of entries in `document`: the document itself or its "reporters" member.
const json* EntryArray(const json& document, const std::string& source, Problems& problems) {
  const json* list = &document;
  if (document.is_object()) {
    const auto it = document.find("reporters");
    if (it == document.end()) {
      problems.push_back(source + " is an object without a \"reporters\" array; no reporters " +
                         "from it");
      return nullptr;
    }
    list = &*it;
  }
  if (!list->is_array()) {
    problems.push_back(source +
                       " must be an array of reporters or {\"reporters\": [...]}; no reporters "
                       "from it");
    return nullptr;
  }
  return list;
}

// The reporter object of an entry: the entry itself, or its "webhook" member.
const json* FindHook(const json& entry, const std::string& where, Problems& problems) {
  if (!entry.is_object()) {
    problems.push_back(where +
                       R"( must be an object like {"webhook": {"url": ...}}; it is ignored)");
    return nullptr;
  }
  if (entry.contains("url")) return &entry;
  const auto it = entry.find("webhook");
  if (it == entry.end() || !it->is_object()) {
    const std::string kind = entry.empty() ? "nothing" : "'" + entry.begin().key() + "'";
    problems.push_back(where + " is not a webhook reporter (found " + kind +
                       "); only {\"webhook\": {...}} reporters are supported; it is ignored");
    return nullptr;
  }
  return &*it;
}

std::string KnownKeys() {
  std::string known;
  for (const auto& key : kReporterKeys) known += (known.empty() ? "" : ", ") + std::string(key.key);
  return known;
}

bool IsKnownKey(const std::string& name) {
  for (const auto& key : kReporterKeys) {
    if (name == key.key) return true;
  }
  return false;
}

class Expander {
 public:
  Expander(const EnvLookup& env, Problems& problems) : env_(env), problems_(problems) {}

  // Replaces every `${NAME}` in `text` with that variable's value. False, with a problem line,
  // when a referenced variable is not set.
  bool Expand(std::string& text, const std::string& where) const {
    std::string out;
    std::size_t pos = 0;
    while (true) {
      const auto open = text.find("${", pos);
      if (open == std::string::npos) break;
      const auto close = text.find('}', open + 2);
      if (close == std::string::npos) break;
      const auto name = text.substr(open + 2, close - open - 2);
      const auto value = env_(name);
      if (!value) {
        problems_.push_back(where + " refers to ${" + name +
                            "}, which is not set; this reporter is disabled");
        return false;
      }
      out += text.substr(pos, open - pos) + *value;
      pos = close + 1;
    }
    text = out + text.substr(pos);
    return true;
  }

  // The entry's `headers`, with the references in string values expanded.
  bool ExpandHeaders(json& headers, const std::string& where) const {
    if (!headers.is_object()) return true;  // the validator says what is wrong
    for (auto& [name, value] : headers.items()) {
      if (!value.is_string()) continue;
      auto text = value.get<std::string>();
      if (!Expand(text, where + "." + name)) return false;
      value = text;
    }
    return true;
  }

 private:
  const EnvLookup& env_;
  Problems& problems_;
};

// One entry's description; none, with a problem line, when it cannot be one.
std::optional<ReporterDescription> Describe(const json& entry, const std::string& where,
                                            const Expander& expander, Problems& problems) {
  const json* hook = FindHook(entry, where, problems);
  if (hook == nullptr) return std::nullopt;
  for (const auto& [key, value] : hook->items()) {
    if (!IsKnownKey(key)) {
      problems.push_back(where + " has an unknown key '" + key + "' (known: " + KnownKeys() +
                         "); it is ignored");
    }
  }
  if (!hook->contains("url")) {
    problems.push_back(where + " has no \"url\"; it is ignored");
    return std::nullopt;
  }
  ReporterDescription description;
  description.where = where;
  bool usable = true;
  for (const auto& key : kReporterKeys) {
    const auto it = hook->find(key.key);
    if (it == hook->end() || it->is_null()) continue;
    const auto field = where + "." + key.key;
    if (std::string(key.key) == "headers") {
      description.headers = *it;
      description.headers_where = field;
      usable = expander.ExpandHeaders(*description.headers, field) && usable;
    } else if (!it->is_string()) {
      problems.push_back(field + " must be a string; this reporter is disabled");
      usable = false;
    } else {
      Setting setting{it->get<std::string>(), field, false};
      setting.expanded = setting.value.find("${") != std::string::npos;
      usable = expander.Expand(setting.value, field) && usable;
      description.settings[key.key] = std::move(setting);
    }
  }
  if (!usable) return std::nullopt;
  return description;
}

}  // namespace

std::vector<ReporterDescription> ListedReporters(const EnvLookup& env, Problems& problems) {
  const auto raw = NonBlank(env, "GTEST_WEBHOOK_REPORTERS");
  if (!raw) return {};
  std::string source = "GTEST_WEBHOOK_REPORTERS";
  const auto text = ListText(*raw, source, problems);
  if (!text) return {};
  json document;
  try {
    document = json::parse(*text);
  } catch (const json::parse_error& error) {
    problems.push_back(source + " is not valid JSON (" + DescribeParseError(error) +
                       "); no reporters from it");
    return {};
  }
  const json* list = EntryArray(document, source, problems);
  if (list == nullptr) return {};
  if (list->size() > kMaxReporters) {
    problems.push_back(source + " lists " + std::to_string(list->size()) +
                       " reporters, more than the " + std::to_string(kMaxReporters) +
                       " one configuration may have; no reporters from it");
    return {};
  }
  const Expander expander(env, problems);
  std::vector<ReporterDescription> descriptions;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto where = source + " reporters[" + std::to_string(i) + "]";
    if (auto description = Describe((*list)[i], where, expander, problems)) {
      descriptions.push_back(std::move(*description));
    }
  }
  return descriptions;
}

}  // namespace gtest_webhook::detail
