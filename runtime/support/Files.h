//===- Files.h - Output files that are checked early and written whole -*- C++
//-*-===//
//
// Commands check every output path before they start work (so a long run
// never ends in "cannot write"), and write each file under a temporary name
// in the same folder, renamed into place only when it is complete: a failed
// or interrupted run never leaves a partial file that looks complete.
// Errors are snnc::Error naming the path, the option it came from and the
// operating system's reason.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_RUNTIME_SUPPORT_FILES_H
#define SNNC_RUNTIME_SUPPORT_FILES_H

#include <string>

namespace snnc {

/// Fails unless `path` can be created or replaced as a regular file: it is
/// not a folder, and its folder exists (or can be created: its nearest
/// existing ancestor is a writable folder). Creates nothing. "-" (standard
/// output) always passes. `option` names
/// where the path came from (e.g. "--json"), for the message.
void checkOutputFile(const std::string &path, const std::string &option);

/// Fails unless `path` is a writable folder or can be created as one.
/// Creates nothing.
void checkOutputDir(const std::string &path, const std::string &option);

/// Creates `path` and its parents; fails with the OS reason.
void makeDirs(const std::string &path);

/// Reads a whole file; fails naming it and the OS reason.
std::string readFileBytes(const std::string &path);

/// Writes `bytes` to `path` through a temporary file renamed into place.
void writeFileAtomic(const std::string &path, const std::string &bytes);

/// A file written under a temporary name beside `path` and renamed to it
/// by commit(); destroyed uncommitted (an error on the way), the temporary
/// file is removed. For writers that take a path (stb, the configuration
/// writer).
class AtomicFile {
public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile &) = delete;
  AtomicFile &operator=(const AtomicFile &) = delete;

  /// Where to write until commit().
  const std::string &tempPath() const { return temp; }
  /// Renames the temporary file to the final path.
  void commit();

private:
  std::string path, temp;
  bool committed = false;
};

/// A temporary name in `path`'s folder, unique to this process and call:
/// `.NAME.tmp-PID-N` (hidden, so it never looks like a finished output).
std::string temporarySibling(const std::string &path);

/// Removes temporary siblings of `path` (files or folders named as
/// temporarySibling() names them) left by processes that no longer run: a
/// killed command's unfinished output. Those of live processes are kept.
void removeStaleTemporaries(const std::string &path);

} // namespace snnc

#endif // SNNC_RUNTIME_SUPPORT_FILES_H
