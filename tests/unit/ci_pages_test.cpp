// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// What CI shows (SPEC §17), piece by piece: CODEOWNERS as GitHub and GitLab read it, paths made
// relative to the repository, and the escapes of XML, Markdown and workflow commands.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "escape.h"
#include "gtest_webhook/transport.h"
#include "model/code_owners.h"
#include "model/summary.h"
#include "render/chat_message.h"
#include "render/ci/annotations.h"
#include "render/ci/junit.h"
#include "render/ci/step_summary.h"
#include "render/renderer.h"

namespace gtest_webhook::detail {
namespace {

using Owners = std::vector<std::string>;

CodeOwners Read(const std::string& text, std::vector<std::string>* warnings = nullptr) {
  std::vector<std::string> ignored;
  return CodeOwners::Parse(text, "CODEOWNERS", warnings != nullptr ? *warnings : ignored);
}

// The examples of GitHub's documentation of the file, each owner standing for its line.
TEST(CodeOwners, PatternsMatchAsGitHubDocumentsThem) {
  const auto owners = Read(
      "*       @global-owner1 @global-owner2\n"
      "*.js    @js-owner #This is an inline comment.\n"
      "*.go docs@example.com\n"
      "*.txt @octo-org/octocats\n"
      "/build/logs/ @doctocat\n"
      "docs/*  docs@example.com\n"
      "apps/ @octocat\n"
      "/docs/ @doctocat\n"
      "/scripts/ @doctocat @octocat\n"
      "**/logs @octocat\n"
      "/apps/ @octocat\n"
      "/apps/github\n");
  EXPECT_EQ(owners.size(), 12U);
  EXPECT_EQ(owners.For("README.md"), (Owners{"@global-owner1", "@global-owner2"}));
  EXPECT_EQ(owners.For("src/app.js"), Owners{"@js-owner"});
  EXPECT_EQ(owners.For("main.go"), Owners{"docs@example.com"});
  EXPECT_EQ(owners.For("build/logs/today/x.log"), Owners{"@octocat"}) << "the later **/logs wins";
  EXPECT_EQ(owners.For("src/build/logs/x.log"), Owners{"@octocat"});
  EXPECT_EQ(owners.For("notes.txt"), Owners{"@octo-org/octocats"});
  // A slash inside anchors a pattern at the root; `docs/*` owns only the files directly in it.
  EXPECT_EQ(owners.For("deep/docs/guide.md"), (Owners{"@global-owner1", "@global-owner2"}));
  EXPECT_EQ(owners.For("src/apps/x.cpp"), Owners{"@octocat"}) << "apps/ anywhere";
  EXPECT_EQ(owners.For("apps/github/x.cpp"), Owners{}) << "a line without owners: nobody";
  EXPECT_EQ(owners.For("scripts/a/b.sh"), (Owners{"@doctocat", "@octocat"}));
  const auto docs = Read("* @all\ndocs/*  docs@example.com\n");
  EXPECT_EQ(docs.For("docs/getting-started.md"), Owners{"docs@example.com"});
  EXPECT_EQ(docs.For("docs/build-app/troubleshooting.md"), Owners{"@all"});
}

TEST(CodeOwners, WildcardsClassesAndEscapes) {
  const auto owners = Read(
      "src/**/test_*.cpp @tests\n"
      "src/[ab]?.cpp @short\n"
      "\\#notes.md @hash\n"
      "with\\ space.txt @space\n");
  EXPECT_EQ(owners.For("src/test_a.cpp"), Owners{"@tests"}) << "** is zero directories too";
  EXPECT_EQ(owners.For("src/x/y/test_b.cpp"), Owners{"@tests"});
  EXPECT_EQ(owners.For("src/x/y/testb.cpp"), Owners{});
  EXPECT_EQ(owners.For("src/a1.cpp"), Owners{"@short"});
  EXPECT_EQ(owners.For("src/c1.cpp"), Owners{});
  EXPECT_EQ(owners.For("#notes.md"), Owners{"@hash"});
  EXPECT_EQ(owners.For("with space.txt"), Owners{"@space"});
}

TEST(CodeOwners, GitLabSectionsEachHaveTheirLastMatch) {
  const auto owners = Read(
      "* @everyone\n"
      "[Backend] @backend-default\n"
      "src/\n"
      "src/db/ @dba\n"
      "^[Optional][2] @opt\n"
      "*.cpp\n");
  EXPECT_EQ(owners.For("src/db/query.cpp"), (Owners{"@everyone", "@dba", "@opt"}));
  EXPECT_EQ(owners.For("src/api.h"), (Owners{"@everyone", "@backend-default"}));
  EXPECT_EQ(owners.For("README"), Owners{"@everyone"});
}

TEST(CodeOwners, EachMalformedLineIsSkippedWithOneWarningNamingIt) {
  std::vector<std::string> warnings;
  const auto owners = Read(
      "* @ok\n"
      "!negated @x\n"
      "src/ not-an-owner\n"
      "[Unclosed @y\n"
      "[] @z\n"
      "lib/ @lib\n",
      &warnings);
  EXPECT_EQ(owners.size(), 2U);
  ASSERT_EQ(warnings.size(), 4U);
  EXPECT_EQ(warnings[0],
            "CODEOWNERS:2: a negation ('!'), which CODEOWNERS does not have; the line is skipped");
  EXPECT_EQ(warnings[1],
            "CODEOWNERS:3: 'not-an-owner' is not an owner (@user, @org/team or an e-mail "
            "address); the line is skipped");
  EXPECT_EQ(warnings[2].rfind("CODEOWNERS:4: a section header", 0), 0U);
  EXPECT_EQ(warnings[3].rfind("CODEOWNERS:5: a section header", 0), 0U);
  EXPECT_EQ(owners.For("lib/a.cpp"), Owners{"@lib"});
}

TEST(CodeOwners, ALongHostilePatternStaysQuick) {
  // A table over the parts, and one backtracking point within a part: no blow-up.
  std::string pattern;
  for (int i = 0; i < 40; ++i) pattern += "**/*a*a*a*a*/";
  const auto owners = Read(pattern + "b @x\n");
  std::string path;
  for (int i = 0; i < 40; ++i) path += "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/";
  EXPECT_EQ(owners.For(path + "c"), Owners{});
}

TEST(RelativeToRoot, PathsBelowTheRootLoseItAndOthersAreDropped) {
  EXPECT_EQ(RelativeToRoot("/w/repo", "/w/repo/src/a.cpp"), "src/a.cpp");
  EXPECT_EQ(RelativeToRoot("/w/repo/", "/w/repo/./src/../src/a.cpp"), "src/a.cpp");
  EXPECT_EQ(RelativeToRoot("/w/repo", "/w/other/a.cpp"), "");
  EXPECT_EQ(RelativeToRoot("/w/repo", "/w/repository/a.cpp"), "");
  EXPECT_EQ(RelativeToRoot("/w/repo", "../src/a.cpp"), "src/a.cpp") << "a build directory's";
  EXPECT_EQ(RelativeToRoot("", "src/a.cpp"), "src/a.cpp");
#ifdef _WIN32
  // GoogleTest's paths on Windows: a drive and backslashes; the result still uses `/`.
  EXPECT_EQ(RelativeToRoot("C:\\w\\repo", "C:\\w\\repo\\src\\a.cpp"), "src/a.cpp");
  EXPECT_EQ(RelativeToRoot("C:/w/repo", "C:\\w\\repo\\src\\a.cpp"), "src/a.cpp");
  EXPECT_EQ(RelativeToRoot("C:\\w\\repo", "D:\\w\\repo\\a.cpp"), "");
#endif
  EXPECT_EQ(RelativeToRoot("/w/repo", ""), "");
}

std::string EscapeWorkflowCommand(std::string_view text, bool property) {
  return Escaped(text, property ? Target::kWorkflowProperty : Target::kWorkflowMessage);
}
std::string EscapeMarkdown(std::string_view text) { return Escaped(text, Target::kMarkdown); }
void AppendXmlText(std::string& out, std::string_view text, bool attribute) {
  AppendEscaped(out, text, attribute ? Target::kXmlAttribute : Target::kXmlText);
}

TEST(CiEscapes, WorkflowCommandsCannotBeForgedByWhatTheyCarry) {
  EXPECT_EQ(EscapeWorkflowCommand("100% done\r\n::error::forged", false),
            "100%25 done%0D%0A::error::forged");
  EXPECT_EQ(EscapeWorkflowCommand("a,b:c%\n", true), "a%2Cb%3Ac%25%0A");
  EXPECT_EQ(EscapeWorkflowCommand("bad \xff byte", false), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(EscapeWorkflowCommand("esc\x1b[31m bell\a\ttab", false), "esc\\x1B[31m bell\\x07\ttab");
  // A C1 control (U+009B, CSI) reaches the log's terminal only as text.
  EXPECT_EQ(EscapeWorkflowCommand("c1 \xc2\x9b[2J", false), "c1 \\u009b[2J");
  // A location line whose number would overflow is no line.
  Report report;
  ChatFailure failure;
  failure.location = "/r/a.cpp:99999999999999999999";
  EXPECT_EQ(FailureLocation(report, failure).line, 0);
  failure.location = "/r/a.cpp:42";
  EXPECT_EQ(FailureLocation(report, failure).line, 42);
}

TEST(CiEscapes, MarkdownShowsTextAsItIs) {
  EXPECT_EQ(EscapeMarkdown("a|b *c* _d_ [e](f) <script> `g` $x$ ~h~ #1 &amp;"),
            "a\\|b \\*c\\* \\_d\\_ \\[e\\]\\(f\\) \\<script\\> \\`g\\` \\$x\\$ \\~h\\~ \\#1 "
            "\\&amp;");
  EXPECT_EQ(EscapeMarkdown("two\nlines\tand \x1b[31mred"), "two lines and \\\\x1B\\[31mred");
  EXPECT_EQ(SourceLink("https://h/o/r/blob/abc", "src/my file(1).cpp", 7),
            "https://h/o/r/blob/abc/src/my%20file%281%29.cpp#L7");
  EXPECT_EQ(SourceLink("https://h/o/r/blob/abc", "a.cpp", 0), "https://h/o/r/blob/abc/a.cpp");
}

TEST(CiEscapes, OnlyHttpUrlsBecomeLinksAndTheyCannotLeaveTheirDestination) {
  EXPECT_EQ(LinkDestination("https://ci.example/o/r/actions/runs/1?x=1&y=2#top"),
            "https://ci.example/o/r/actions/runs/1?x=1&y=2#top");
  EXPECT_EQ(LinkDestination("https://h/o/r) ![x](http://evil.example/x.png"),
            "https://h/o/r%29%20!%5Bx%5D%28http://evil.example/x.png");
  EXPECT_EQ(LinkDestination("https://h\"><script>alert(1)</script>"),
            "https://h%22%3E%3Cscript%3Ealert%281%29%3C/script%3E");
  EXPECT_EQ(LinkDestination("javascript:alert(1)"), "");
  EXPECT_EQ(LinkDestination("ftp://h/x"), "");
  EXPECT_EQ(SourceLink("javascript:alert(1)//", "a.cpp", 1), "");
}

TEST(CiEscapes, XmlHoldsOnlyCharactersItMay) {
  std::string out;
  AppendXmlText(out, "<a href=\"x\">&\n\x1b\x7f\xff \xEF\xBF\xBE", true);
  EXPECT_EQ(out, "&lt;a href=&quot;x&quot;&gt;&amp;&#10;\\x1B\\x7F\xEF\xBF\xBD \xEF\xBF\xBD");
  out.clear();
  AppendXmlText(out, "line\nnext \"quoted\"", false);
  EXPECT_EQ(out, "line\nnext \"quoted\"");
  // A carriage return that every XML reader would read as a line feed.
  out.clear();
  AppendXmlText(out, "crlf\r\n", false);
  EXPECT_EQ(out, "crlf&#13;\n");
}

// Every chat format names the owners beside the failure they own, and nobody beside another.
TEST(ChatOwners, EachFormatNamesTheOwnersBesideTheirFailure) {
  Report report;
  report.name = "unit";
  for (const char* name : {"Owned", "Unowned"}) {
    TestCase test;
    test.class_name = "Net";
    test.name = name;
    test.status = Status::kFailed;
    test.file = std::string("/r/src/") + name + ".cpp";
    test.message = test.file + ":3\nExpected: ready";
    report.test_cases.push_back(test);
  }
  report.owners["/r/src/Owned.cpp"] = {"@net-team", "ops@example.com"};
  const auto summary = Summarize(report);
  for (const auto format :
       {Format::kSlack, Format::kTeams, Format::kDiscord, Format::kGoogleChat}) {
    const ChatMessageOnce message(report, summary);
    const auto body = MakeRenderer(format, TestCases::kAll)->Render({report, summary, message});
    std::string bytes;
    const auto reader = body->Open();
    for (auto piece = reader->Next(); !piece.empty(); piece = reader->Next()) bytes += piece;
    EXPECT_NE(bytes.find("Net.Owned \xE2\x80\x94 @net-team ops@example.com"), std::string::npos)
        << ToString(format) << ": " << bytes;
    EXPECT_EQ(bytes.find("Net.Unowned \xE2\x80\x94"), std::string::npos) << ToString(format);
  }
}

}  // namespace
}  // namespace gtest_webhook::detail
