//===- Files.cpp - Output files that are checked early and written whole --===//
#include "runtime/support/Files.h"

#include "runtime/support/Error.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace snnc {

namespace {

std::string where(const std::string &option) {
  return option.empty() ? std::string() : " (" + option + ")";
}

/// The nearest existing ancestor of `path` (itself if it exists).
fs::path nearestExisting(fs::path path) {
  if (path.empty())
    path = ".";
  std::error_code ec;
  while (!fs::exists(path, ec)) {
    fs::path parent = path.parent_path();
    if (parent.empty() || parent == path)
      return ".";
    path = parent;
  }
  return path;
}

/// Fails unless `folder`, or the folder it would be created in, is a
/// writable folder.
void checkCreatableFolder(const fs::path &folder, const std::string &path,
                          const std::string &option) {
  fs::path existing = nearestExisting(folder);
  std::error_code ec;
  if (!fs::is_directory(existing, ec))
    fail("{}{}: cannot write: '{}' is a file, not a folder", path,
         where(option), existing.string());
  if (::access(existing.c_str(), W_OK | X_OK) != 0)
    fail("{}{}: cannot write in '{}': {}", path, where(option),
         existing.string(), std::strerror(errno));
}

} // namespace

void checkOutputFile(const std::string &path, const std::string &option) {
  if (path == "-") // standard output
    return;
  if (path.empty())
    fail("{}: the output file name is empty", option);
  std::error_code ec;
  if (fs::is_directory(path, ec))
    fail("{}{}: cannot write: it is a folder", path, where(option));
  if (fs::exists(path, ec) && ::access(path.c_str(), W_OK) != 0)
    fail("{}{}: cannot write: {}", path, where(option), std::strerror(errno));
  fs::path parent = fs::path(path).parent_path();
  checkCreatableFolder(parent.empty() ? fs::path(".") : parent, path, option);
}

void checkOutputDir(const std::string &path, const std::string &option) {
  if (path.empty())
    fail("{}: the output folder name is empty", option);
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_directory(path, ec))
    fail("{}{}: cannot write: it is a file, not a folder", path, where(option));
  checkCreatableFolder(path, path, option);
}

void makeDirs(const std::string &path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec)
    fail("{}: cannot create the folder: {}", path, ec.message());
}

std::string readFileBytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot read: {}", path, std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad())
    fail("{}: cannot read: {}", path, std::strerror(errno));
  return ss.str();
}

std::string temporarySibling(const std::string &path) {
  static std::atomic<unsigned> counter{0};
  fs::path p(path);
  std::string name = "." + p.filename().string() + ".tmp-" +
                     std::to_string(::getpid()) + "-" +
                     std::to_string(counter++);
  return (p.parent_path() / name).string();
}

namespace {
/// True while `pid` runs: it exists and is not a zombie (a killed process
/// whose parent died first can stay a zombie until init reaps it).
bool processRuns(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH)
    return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line))
    return true; // no /proc: trust kill()
  // "PID (COMMAND) STATE ...": the command may hold spaces and parentheses.
  size_t close = line.rfind(')');
  char state = close != std::string::npos && close + 2 < line.size()
                   ? line[close + 2]
                   : 'R';
  return state != 'Z' && state != 'X';
}
} // namespace

void removeStaleTemporaries(const std::string &path) {
  fs::path p(path);
  fs::path parent = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const std::string prefix = "." + p.filename().string() + ".tmp-";
  std::error_code ec;
  std::vector<fs::path> stale;
  for (const auto &entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0)
      continue;
    // .NAME.tmp-PID-N: a PID that no longer runs left it behind.
    long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && !processRuns(static_cast<pid_t>(pid)))
      stale.push_back(entry.path());
  }
  for (const fs::path &s : stale)
    fs::remove_all(s, ec);
}

AtomicFile::AtomicFile(std::string finalPath)
    : path(std::move(finalPath)), temp(temporarySibling(path)) {
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty())
    makeDirs(parent.string());
}

AtomicFile::~AtomicFile() {
  if (!committed)
    std::remove(temp.c_str());
}

void AtomicFile::commit() {
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    std::remove(temp.c_str());
    committed = true;
    fail("{}: cannot write: {}", path, std::strerror(err));
  }
  committed = true;
}

void writeFileAtomic(const std::string &path, const std::string &bytes) {
  AtomicFile file(path);
  {
    std::ofstream out(file.tempPath(), std::ios::binary);
    if (!out)
      fail("{}: cannot write: {}", path, std::strerror(errno));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out)
      fail("{}: cannot write: {}", path, std::strerror(errno));
  }
  file.commit();
}

} // namespace snnc
