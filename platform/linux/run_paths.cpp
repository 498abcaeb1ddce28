// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// RunPaths on Linux: the DT_RUNPATH (or DT_RPATH) of the program and of the file this code is
// in, read from the loaded ELF objects.

#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "platform/library.h"
#include "platform/posix/system.h"

namespace gtest_webhook::platform {
namespace {

std::string DirectoryOf(const std::string& file) {
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? std::string() : file.substr(0, slash);
}

// The run path of one loaded file, its directories with `$ORIGIN` (`${ORIGIN}`) replaced by
// `origin`.
std::vector<std::string> RunPathOf(const dl_phdr_info& object, const std::string& origin) {
  const ElfW(Dyn)* dynamic = nullptr;
  for (int i = 0; i < object.dlpi_phnum; ++i) {
    if (object.dlpi_phdr[i].p_type == PT_DYNAMIC) {
      // NOLINTNEXTLINE(performance-no-int-to-ptr): ELF gives addresses as integers
      dynamic = reinterpret_cast<const ElfW(Dyn)*>(object.dlpi_addr + object.dlpi_phdr[i].p_vaddr);
    }
  }
  if (dynamic == nullptr) return {};
  const char* strings = nullptr;
  std::size_t runpath = 0;
  std::size_t rpath = 0;
  for (const auto* entry = dynamic; entry->d_tag != DT_NULL; ++entry) {
    if (entry->d_tag == DT_STRTAB) {
      // The loader relocates the table's address in place on most systems; not on all.
      const auto address = entry->d_un.d_ptr;
      // NOLINTNEXTLINE(performance-no-int-to-ptr): ELF gives addresses as integers
      strings = reinterpret_cast<const char*>(
          address < object.dlpi_addr ? address + object.dlpi_addr : address);
    }
    if (entry->d_tag == DT_RUNPATH) runpath = entry->d_un.d_val;
    if (entry->d_tag == DT_RPATH) rpath = entry->d_un.d_val;
  }
  if (strings == nullptr || (runpath == 0 && rpath == 0)) return {};
  std::vector<std::string> directories;
  std::string list = strings + (runpath != 0 ? runpath : rpath);
  for (std::size_t begin = 0; begin <= list.size();) {
    auto end = list.find(':', begin);
    if (end == std::string::npos) end = list.size();
    auto directory = list.substr(begin, end - begin);
    for (const std::string token : {"${ORIGIN}", "$ORIGIN"}) {
      for (auto at = directory.find(token); at != std::string::npos; at = directory.find(token)) {
        directory.replace(at, token.size(), origin);
      }
    }
    if (!directory.empty()) directories.push_back(directory);
    begin = end + 1;
  }
  return directories;
}

struct RunPathSearch {
  std::string here;  // the file this code is in
  std::vector<std::string> program;
  std::vector<std::string> ours;
  bool first = true;
};

}  // namespace

std::vector<std::string> RunPaths() {
  RunPathSearch search;
  ::Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&RunPaths), &info) != 0 && info.dli_fname != nullptr) {
    search.here = info.dli_fname;
  }
  ::dl_iterate_phdr(
      [](dl_phdr_info* object, std::size_t, void* data) {
        auto& found = *static_cast<RunPathSearch*>(data);
        // The program comes first, with no name of its own.
        const bool program = found.first;
        found.first = false;
        const std::string name = object->dlpi_name != nullptr ? object->dlpi_name : "";
        if (program) {
          found.program = RunPathOf(*object, DirectoryOf(system::ExecutableOf(::getpid())));
        } else if (!name.empty() && name == found.here) {
          found.ours = RunPathOf(*object, DirectoryOf(name));
        }
        return 0;
      },
      &search);
  auto directories = search.program;
  directories.insert(directories.end(), search.ours.begin(), search.ours.end());
  return directories;
}

}  // namespace gtest_webhook::platform
