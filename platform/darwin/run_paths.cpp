// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// RunPaths on macOS: the LC_RPATH load commands of the program and of the file this code is in,
// read from their Mach-O headers as dyld mapped them, with @loader_path and @executable_path
// expanded.

#include <dlfcn.h>
#include <mach-o/dyld.h>
#include <mach-o/loader.h>

#include <cstring>
#include <string>
#include <vector>

#include "platform/library.h"

namespace gtest_webhook::platform {
namespace {

std::string DirectoryOf(const std::string& file) {
  const auto slash = file.rfind('/');
  return slash == std::string::npos ? std::string() : file.substr(0, slash);
}

void Expand(std::string& directory, const char* token, const std::string& value) {
  const auto length = std::strlen(token);
  if (directory.compare(0, length, token) == 0) directory.replace(0, length, value);
}

// The LC_RPATH directories of one mapped 64-bit Mach-O file.
std::vector<std::string> RunPathOf(const mach_header_64* header, const std::string& loader,
                                   const std::string& executable) {
  std::vector<std::string> directories;
  if (header == nullptr || header->magic != MH_MAGIC_64) return directories;
  const auto* at = reinterpret_cast<const char*>(header + 1);
  for (std::uint32_t i = 0; i < header->ncmds; ++i) {
    const auto* command = reinterpret_cast<const load_command*>(at);
    if (command->cmd == LC_RPATH) {
      const auto* rpath = reinterpret_cast<const rpath_command*>(command);
      const char* text = at + rpath->path.offset;
      std::string directory(text, ::strnlen(text, command->cmdsize - rpath->path.offset));
      Expand(directory, "@loader_path", loader);
      Expand(directory, "@executable_path", executable);
      if (!directory.empty()) directories.push_back(directory);
    }
    at += command->cmdsize;
  }
  return directories;
}

std::string ProgramPath() {
  std::uint32_t size = 0;
  ::_NSGetExecutablePath(nullptr, &size);
  std::string path(size, '\0');
  if (size == 0 || ::_NSGetExecutablePath(path.data(), &size) != 0) return {};
  path.resize(std::strlen(path.c_str()));
  return path;
}

}  // namespace

std::vector<std::string> RunPaths() {
  const auto executable = DirectoryOf(ProgramPath());
  // The program's image is dyld's first.
  const auto* program = reinterpret_cast<const mach_header_64*>(::_dyld_get_image_header(0));
  auto directories = RunPathOf(program, executable, executable);
  ::Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&RunPaths), &info) != 0 && info.dli_fbase != nullptr &&
      info.dli_fbase != program && info.dli_fname != nullptr) {
    const auto ours = RunPathOf(static_cast<const mach_header_64*>(info.dli_fbase),
                                DirectoryOf(info.dli_fname), executable);
    directories.insert(directories.end(), ours.begin(), ours.end());
  }
  return directories;
}

}  // namespace gtest_webhook::platform
