//===- NirTree.h - NIR's HDF5 layout as a plain tree ------------*- C++ -*-===//
//
// NIR (the Neuromorphic Intermediate Representation, github
// neuromorphs/NIR, 1.0.x) stores a graph as HDF5 written by h5py: a root
// dataset `version` (a UTF-8 string) and a group `node`, recursively: every
// node a group with a `type` string dataset and one dataset per parameter
// (arrays with their own dtype, ints as int64 scalars, tuples as int64
// vectors, strings as variable-length UTF-8); a graph has `nodes` (one
// group per child, by name) and `edges` (an E x 2 string dataset of source
// and destination names); `metadata` is a group. No HDF5 attributes are
// used. This file reads and writes that tree with libhdf5's C API; what the
// nodes mean is NirExport/NirImport's business.
//
//===----------------------------------------------------------------------===//
#ifndef SNNC_COMPILER_NIR_NIRTREE_H
#define SNNC_COMPILER_NIR_NIRTREE_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace snnc::nir {

/// One dataset: numbers (ints or floats, widened to double) or strings.
struct Dataset {
  std::vector<int64_t> shape; ///< Empty: a scalar.
  bool isString = false;
  bool isInteger = false; ///< Numbers stored as an HDF5 integer type.
  bool isDouble = false;  ///< Floats written as float64 (else float32).
  std::vector<double> numbers;
  std::vector<std::string> strings;

  int64_t size() const;
  static Dataset string(const std::string &s);
  static Dataset integers(std::vector<int64_t> values,
                          std::vector<int64_t> shape);
  static Dataset integer(int64_t value);
  static Dataset floats(const std::vector<float> &values,
                        std::vector<int64_t> shape);
};

struct Group {
  std::map<std::string, Dataset> datasets;
  std::map<std::string, Group> groups;
};

/// The most values snnc reads from one NIR file, all datasets together
/// (2^28), and the most groups and datasets (hard links may make a small
/// file name the same group many times).
inline constexpr int64_t kMaxDatasetValues = int64_t(1) << 28;
inline constexpr int64_t kMaxObjects = 100000;

/// Writes `root` (its datasets and groups) as an HDF5 file, whole: to a
/// temporary sibling renamed into place. Throws snnc::Error.
void writeTree(const std::string &path, const Group &root);

/// Reads a whole HDF5 file. Throws snnc::Error naming the file and the
/// object on anything unreadable (not HDF5, an unsupported dtype, more than
/// kMaxDatasetValues values or kMaxObjects objects in all, more than the
/// memory budget, --max-memory).
Group readTree(const std::string &path);

} // namespace snnc::nir

#endif // SNNC_COMPILER_NIR_NIRTREE_H
