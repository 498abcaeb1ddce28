// SPDX-FileCopyrightText: 2026 The gtest-webhook developers
// SPDX-License-Identifier: MIT

// Sockets on Windows (docs/platforms.md): everything that is waited on is an event (a socket's
// through WSAEventSelect), and who holds a connection is the owner process the TCP table names
// (GetExtendedTcpTable), looked up in this process's tree.

// clang-format off
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
#include <tlhelp32.h>
// clang-format on

#include "platform/net.h"

#include <algorithm>
#include <map>

#include "platform/files.h"
#include "platform/windows/handles.h"
#include "platform/windows/text.h"

namespace gtest_webhook::platform {
namespace {

// Winsock, started once for the process.
bool StartWinsock() {
  static const bool started = [] {
    WSADATA data{};
    return WSAStartup(MAKEWORD(2, 2), &data) == 0;
  }();
  return started;
}

SOCKET Socket(std::intptr_t native) { return static_cast<SOCKET>(native); }
HANDLE Event(std::intptr_t native) { return reinterpret_cast<HANDLE>(native); }

// Makes `socket` non-blocking and sets an event for `events` on it; the event, or 0.
std::intptr_t EventFor(SOCKET socket, long events) {
  WSAEVENT event = WSACreateEvent();
  if (event == WSA_INVALID_EVENT) return 0;
  if (WSAEventSelect(socket, event, events) != 0) {
    WSACloseEvent(event);
    return 0;
  }
  return reinterpret_cast<std::intptr_t>(event);
}

// Each process's parent, from a snapshot of every process.
std::map<DWORD, DWORD> Parents() {
  std::map<DWORD, DWORD> parents;
  const windows::Handle snapshot(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
  PROCESSENTRY32W entry{};
  entry.dwSize = sizeof entry;
  for (bool more = snapshot && Process32FirstW(snapshot.get(), &entry); more;
       more = Process32NextW(snapshot.get(), &entry)) {
    parents[entry.th32ProcessID] = entry.th32ParentProcessID;
  }
  return parents;
}

// Whether `pid` descends from this process. Windows reuses process ids and keeps a parent's id
// after the parent ends, so the walk stops at a loop and at most at 64 generations.
bool InOurTree(DWORD pid) {
  const auto parents = Parents();
  const DWORD self = GetCurrentProcessId();
  for (int depth = 0; depth < 64; ++depth) {
    const auto parent = parents.find(pid);
    if (parent == parents.end() || parent->second == pid || parent->second == 0) return false;
    if (parent->second == self) return true;
    pid = parent->second;
  }
  return false;
}

std::string ImageOf(DWORD pid) {
  const windows::Handle process(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid));
  wchar_t path[MAX_PATH];
  DWORD size = MAX_PATH;
  if (!process || !QueryFullProcessImageNameW(process.get(), 0, path, &size)) return {};
  return windows::Narrow(std::wstring(path, size));
}

// The row of the TCP table for the connection from `client` to `server`: its owner's id, 0
// when the system does not say (Wine), -1 when there is no such connection.
std::int64_t OwnerOf(const sockaddr_in& client, const sockaddr_in& server) {
  std::vector<unsigned char> table(64 * 1024);
  for (int attempt = 0; attempt < 4; ++attempt) {
    auto size = static_cast<DWORD>(table.size());
    const auto got = GetExtendedTcpTable(table.data(), &size, FALSE, AF_INET,
                                         TCP_TABLE_OWNER_PID_CONNECTIONS, 0);
    if (got == ERROR_INSUFFICIENT_BUFFER) {
      table.resize(size + 4096);
      continue;
    }
    if (got != NO_ERROR) return 0;
    const auto* rows = reinterpret_cast<const MIB_TCPTABLE_OWNER_PID*>(table.data());
    for (DWORD i = 0; i < rows->dwNumEntries; ++i) {
      const auto& row = rows->table[i];
      if (row.dwLocalAddr == client.sin_addr.s_addr &&
          static_cast<u_short>(row.dwLocalPort) == client.sin_port &&
          row.dwRemoteAddr == server.sin_addr.s_addr &&
          static_cast<u_short>(row.dwRemotePort) == server.sin_port) {
        return row.dwOwningPid;
      }
    }
    return -1;
  }
  return 0;
}

}  // namespace

std::vector<bool> WaitReadable(const std::vector<Waitable>& waitables,
                               std::chrono::milliseconds timeout) {
  std::vector<HANDLE> events;
  for (const auto& waitable : waitables) events.push_back(Event(waitable.native()));
  const auto ready = [&] {
    std::vector<bool> set(events.size());
    bool any = false;
    for (std::size_t i = 0; i < events.size(); ++i) {
      set[i] = WaitForSingleObject(events[i], 0) == WAIT_OBJECT_0;
      any = any || set[i];
    }
    return std::make_pair(set, any);
  };
  // Windows waits on at most 64 at once: beyond them, the rest is looked at every 10 ms.
  const auto until = std::chrono::steady_clock::now() + timeout;
  const auto count = static_cast<DWORD>(std::min<std::size_t>(events.size(), MAXIMUM_WAIT_OBJECTS));
  while (true) {
    auto [set, any] = ready();
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (any || left.count() <= 0) return set;
    auto wait = static_cast<DWORD>(left.count());
    if (events.size() > count) wait = std::min<DWORD>(wait, 10);
    if (count == 0) {
      Sleep(wait);
    } else {
      WaitForMultipleObjects(count, events.data(), FALSE, wait);
    }
  }
}

std::unique_ptr<LoopbackServer> LoopbackServer::Open(std::string& why) {
  if (!StartWinsock()) {
    why = "cannot start Winsock";
    return nullptr;
  }
  const SOCKET listening = ::socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  if (listening == INVALID_SOCKET) {
    why = windows::ErrorText(static_cast<unsigned long>(WSAGetLastError()));
    return nullptr;
  }
  std::unique_ptr<LoopbackServer> server(new LoopbackServer());
  server->native_ = static_cast<std::intptr_t>(listening);
  BOOL exclusive = TRUE;
  ::setsockopt(listening, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<char*>(&exclusive),
               sizeof exclusive);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int length = sizeof address;
  if (::bind(listening, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listening, SOMAXCONN) != 0 ||
      ::getsockname(listening, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
      (server->event_ = EventFor(listening, FD_ACCEPT)) == 0) {
    why = windows::ErrorText(static_cast<unsigned long>(WSAGetLastError()));
    return nullptr;
  }
  server->port_ = ntohs(address.sin_port);
  return server;
}

LoopbackServer::~LoopbackServer() {
  if (native_ != -1) ::closesocket(Socket(native_));
  if (event_ != 0) WSACloseEvent(Event(event_));
}

Waitable LoopbackServer::waitable() const { return Waitable(event_); }

std::vector<std::unique_ptr<Connection>> LoopbackServer::Accept(std::string& why) {
  std::vector<std::unique_ptr<Connection>> accepted;
  WSANETWORKEVENTS happened{};
  WSAEnumNetworkEvents(Socket(native_), Event(event_), &happened);  // resets the event
  while (true) {
    const SOCKET socket = ::accept(Socket(native_), nullptr, nullptr);
    if (socket == INVALID_SOCKET) {
      const int error = WSAGetLastError();
      if (error != WSAEWOULDBLOCK && error != WSAECONNRESET) {
        why = windows::ErrorText(static_cast<unsigned long>(error));
      }
      return accepted;
    }
    std::unique_ptr<Connection> connection(new Connection(static_cast<std::intptr_t>(socket)));
    // An accepted socket shares the listening one's event until it gets its own.
    connection->event_ = EventFor(socket, FD_READ | FD_CLOSE);
    if (connection->event_ == 0) {
      why = windows::ErrorText(static_cast<unsigned long>(WSAGetLastError()));
      continue;
    }
    accepted.push_back(std::move(connection));
  }
}

Connection::~Connection() {
  ::closesocket(Socket(native_));
  if (event_ != 0) WSACloseEvent(Event(event_));
}

Waitable Connection::waitable() const { return Waitable(event_); }

bool Connection::ReadAvailable(std::string& out) {
  WSANETWORKEVENTS happened{};
  WSAEnumNetworkEvents(Socket(native_), Event(event_), &happened);  // resets the event
  char buffer[65536];
  while (true) {
    const int n = ::recv(Socket(native_), buffer, sizeof buffer, 0);
    if (n > 0) {
      out.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    return n < 0 && WSAGetLastError() == WSAEWOULDBLOCK;
  }
}

Peer Connection::Identify() const {
  Peer peer;
  sockaddr_in client{};
  sockaddr_in server{};
  int client_length = sizeof client;
  int server_length = sizeof server;
  if (::getpeername(Socket(native_), reinterpret_cast<sockaddr*>(&client), &client_length) != 0 ||
      ::getsockname(Socket(native_), reinterpret_cast<sockaddr*>(&server), &server_length) != 0) {
    return peer;
  }
  const auto owner = OwnerOf(client, server);
  if (owner == 0) return peer;  // the system does not say (Wine): kUnknown
  if (owner < 0) {
    peer.origin = PeerOrigin::kGone;
    return peer;
  }
  if (!InOurTree(static_cast<DWORD>(owner))) {
    peer.origin = PeerOrigin::kOutside;
    return peer;
  }
  peer.origin = PeerOrigin::kTree;
  peer.pid = owner;
  peer.executable_path = ImageOf(static_cast<DWORD>(owner));
  peer.executable = ProgramNameOf(peer.executable_path);
  return peer;
}

bool WriteOnConnectionTo(const std::string& host_port, std::string_view bytes) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos || !StartWinsock()) return false;
  in_addr host{};
  if (::inet_pton(AF_INET, host_port.substr(0, colon).c_str(), &host) != 1) return false;
  const auto port = htons(static_cast<u_short>(std::atoi(host_port.c_str() + colon + 1)));
  // A socket is a handle: the process's handles are looked at in turn, as POSIX looks at its
  // descriptors, for the one connected there.
  for (std::uintptr_t value = 4; value < 65536; value += 4) {
    const auto socket = static_cast<SOCKET>(value);
    sockaddr_in peer{};
    int length = sizeof peer;
    if (::getpeername(socket, reinterpret_cast<sockaddr*>(&peer), &length) != 0 ||
        peer.sin_family != AF_INET || peer.sin_port != port ||
        peer.sin_addr.s_addr != host.s_addr) {
      continue;
    }
    while (!bytes.empty()) {
      const int sent = ::send(socket, bytes.data(),
                              static_cast<int>(std::min<std::size_t>(bytes.size(), 1U << 30U)), 0);
      if (sent <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
  }
  return false;
}

}  // namespace gtest_webhook::platform
