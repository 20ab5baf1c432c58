//===- NirTree.cpp - NIR's HDF5 layout as a plain tree --------------------===//
#include "compiler/nir/NirTree.h"

#include "runtime/support/Error.h"
#include "runtime/support/Files.h"
#include "runtime/support/MemoryBudget.h"

#include <hdf5.h>

#include <cstdio>
#include <filesystem>

namespace snnc::nir {

int64_t Dataset::size() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

Dataset Dataset::string(const std::string &s) {
  Dataset d;
  d.isString = true;
  d.strings = {s};
  return d;
}

Dataset Dataset::integers(std::vector<int64_t> values,
                          std::vector<int64_t> shape) {
  Dataset d;
  d.isInteger = true;
  d.shape = std::move(shape);
  d.numbers.assign(values.begin(), values.end());
  return d;
}

Dataset Dataset::integer(int64_t value) {
  Dataset d = integers({value}, {});
  return d;
}

Dataset Dataset::floats(const std::vector<float> &values,
                        std::vector<int64_t> shape) {
  Dataset d;
  d.shape = std::move(shape);
  d.numbers.assign(values.begin(), values.end());
  return d;
}

namespace {

/// Closes an HDF5 handle when it goes out of scope.
class Handle {
public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id(id), close(close) {}
  ~Handle() {
    if (id >= 0)
      close(id);
  }
  Handle(const Handle &) = delete;
  Handle &operator=(const Handle &) = delete;
  operator hid_t() const { return id; }
  bool ok() const { return id >= 0; }

private:
  hid_t id;
  herr_t (*close)(hid_t);
};

/// libhdf5 prints its own error stack by default; snnc reports one line.
void silenceHdf5() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

hid_t utf8StringType() {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

void writeDataset(hid_t parent, const std::string &name, const Dataset &d,
                  const std::string &where) {
  std::vector<hsize_t> dims(d.shape.begin(), d.shape.end());
  Handle space(d.shape.empty()
                   ? H5Screate(H5S_SCALAR)
                   : H5Screate_simple(int(dims.size()), dims.data(), nullptr),
               H5Sclose);
  if (d.isString) {
    Handle type(utf8StringType(), H5Tclose);
    std::vector<const char *> pointers;
    for (const std::string &s : d.strings)
      pointers.push_back(s.c_str());
    Handle set(H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT,
                          H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose);
    if (!set.ok() ||
        H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0)
      fail("{}: cannot write dataset {}/{}", where, where, name);
    return;
  }
  hid_t fileType = d.isInteger  ? H5T_STD_I64LE
                   : d.isDouble ? H5T_IEEE_F64LE
                                : H5T_IEEE_F32LE;
  Handle set(H5Dcreate2(parent, name.c_str(), fileType, space, H5P_DEFAULT,
                        H5P_DEFAULT, H5P_DEFAULT),
             H5Dclose);
  herr_t status;
  if (d.isInteger) {
    std::vector<int64_t> v(d.numbers.begin(), d.numbers.end());
    status = set.ok() ? H5Dwrite(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL,
                                 H5P_DEFAULT, v.data())
                      : -1;
  } else {
    status = set.ok() ? H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                 H5P_DEFAULT, d.numbers.data())
                      : -1;
  }
  if (status < 0)
    fail("{}: cannot write dataset {}", where, name);
}

void writeGroup(hid_t id, const Group &group, const std::string &where) {
  for (const auto &[name, d] : group.datasets)
    writeDataset(id, name, d, where);
  for (const auto &[name, child] : group.groups) {
    Handle sub(
        H5Gcreate2(id, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Gclose);
    if (!sub.ok())
      fail("{}: cannot create group {}", where, name);
    writeGroup(sub, child, where);
  }
}

struct Reader {
  std::string path;
  /// Values and objects read so far: a file of hard links to the same
  /// groups, or of huge datasets, must not make the reader loop or
  /// allocate without end.
  int64_t values = 0, objects = 0;

  void count(int64_t n, const std::string &at) {
    values += n;
    if (++objects > kMaxObjects)
      fail("{}: more than {} groups and datasets (at {}); NIR graphs of "
           "detectors have hundreds",
           path, kMaxObjects, at);
    if (values > kMaxDatasetValues)
      fail("{}: more than {} values in all (at {})", path, kMaxDatasetValues,
           at);
    checkMemory(uint64_t(values) * sizeof(double),
                path + ": reading the NIR file",
                "its datasets as 8-byte numbers");
  }

  Dataset readDataset(hid_t parent, const std::string &name,
                      const std::string &at) {
    Handle set(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!set.ok())
      fail("{}: cannot open dataset {}", path, at);
    Handle space(H5Dget_space(set), H5Sclose);
    Handle type(H5Dget_type(set), H5Tclose);
    int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0 || rank > 8)
      fail("{}: dataset {} has rank {}", path, at, rank);
    std::vector<hsize_t> dims(rank);
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    Dataset d;
    int64_t count = 1;
    for (hsize_t v : dims) {
      d.shape.push_back(static_cast<int64_t>(v));
      if (v > hsize_t(kMaxDatasetValues) ||
          __builtin_mul_overflow(count, int64_t(v), &count) ||
          count > kMaxDatasetValues)
        fail("{}: dataset {} exceeds {} values", path, at, kMaxDatasetValues);
    }
    if (H5Sget_simple_extent_type(space) == H5S_NULL)
      count = 0;
    this->count(count, at);
    H5T_class_t cls = H5Tget_class(type);
    if (cls == H5T_STRING) {
      d.isString = true;
      if (H5Tis_variable_str(type) > 0) {
        Handle mem(utf8StringType(), H5Tclose);
        std::vector<char *> pointers(size_t(count), nullptr);
        if (count > 0 && H5Dread(set, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                 pointers.data()) < 0)
          fail("{}: cannot read string dataset {}", path, at);
        for (char *p : pointers)
          d.strings.emplace_back(p ? p : "");
        if (count > 0)
          H5Dvlen_reclaim(mem, space, H5P_DEFAULT, pointers.data());
      } else {
        size_t width = H5Tget_size(type);
        if (width == 0 || width > 1 << 20)
          fail("{}: string dataset {} has width {}", path, at, width);
        std::vector<char> buffer(size_t(count) * width);
        if (count > 0 && H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                 buffer.data()) < 0)
          fail("{}: cannot read string dataset {}", path, at);
        for (int64_t i = 0; i < count; ++i) {
          std::string s(buffer.data() + i * width, width);
          s.erase(s.find_last_not_of('\0') + 1);
          d.strings.push_back(s);
        }
      }
      return d;
    }
    if (cls == H5T_INTEGER || cls == H5T_ENUM) { // h5py writes bools as enums
      d.isInteger = true;
      std::vector<int64_t> v(static_cast<size_t>(count));
      if (count > 0 && H5Dread(set, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL,
                               H5P_DEFAULT, v.data()) < 0)
        fail("{}: cannot read integer dataset {}", path, at);
      d.numbers.assign(v.begin(), v.end());
      return d;
    }
    if (cls == H5T_FLOAT) {
      d.isDouble = H5Tget_size(type) > 4;
      d.numbers.resize(static_cast<size_t>(count));
      if (count > 0 && H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                               H5P_DEFAULT, d.numbers.data()) < 0)
        fail("{}: cannot read dataset {} (a compression filter libhdf5 "
             "lacks?)",
             path, at);
      return d;
    }
    fail("{}: dataset {} has an HDF5 type class ({}) NIR does not use", path,
         at, int(cls));
  }

  Group readGroup(hid_t id, const std::string &at, int depth) {
    if (depth > 32)
      fail("{}: groups nest deeper than 32 levels at {}", path, at);
    Group g;
    H5G_info_t info;
    if (H5Gget_info(id, &info) < 0)
      fail("{}: cannot list group {}", path, at);
    if (info.nlinks > 1000000)
      fail("{}: group {} has {} members", path, at, info.nlinks);
    for (hsize_t i = 0; i < info.nlinks; ++i) {
      ssize_t length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC,
                                          i, nullptr, 0, H5P_DEFAULT);
      if (length < 0)
        fail("{}: cannot read a member name of {}", path, at);
      std::string name(size_t(length) + 1, '\0');
      H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(),
                         name.size(), H5P_DEFAULT);
      name.resize(size_t(length));
      std::string child = at == "/" ? "/" + name : at + "/" + name;
      count(0, child);
      H5I_type_t kind;
      {
        Handle object(H5Oopen(id, name.c_str(), H5P_DEFAULT), H5Oclose);
        if (!object.ok())
          fail("{}: cannot open {} (a dangling or external link?)", path,
               child);
        kind = H5Iget_type(object);
      }
      if (kind == H5I_GROUP) {
        Handle sub(H5Gopen2(id, name.c_str(), H5P_DEFAULT), H5Gclose);
        if (!sub.ok())
          fail("{}: cannot open group {}", path, child);
        g.groups[name] = readGroup(sub, child, depth + 1);
      } else if (kind == H5I_DATASET) {
        g.datasets[name] = readDataset(id, name, child);
      } else {
        fail("{}: {} is neither a group nor a dataset", path, child);
      }
    }
    return g;
  }
};

} // namespace

void writeTree(const std::string &path, const Group &root) {
  silenceHdf5();
  std::string temporary = temporarySibling(path);
  {
    Handle file(
        H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
        H5Fclose);
    if (!file.ok())
      fail("{}: cannot create the file", path);
    try {
      writeGroup(file, root, path);
    } catch (...) {
      std::remove(temporary.c_str());
      throw;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::remove(temporary.c_str());
    fail("{}: cannot move the new file into place: {}", path, ec.message());
  }
}

Group readTree(const std::string &path) {
  silenceHdf5();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    fail("{}: no such file", path);
  if (H5Fis_hdf5(path.c_str()) <= 0)
    fail("{}: not an HDF5 file (NIR files are HDF5)", path);
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.ok())
    fail("{}: cannot open the HDF5 file", path);
  Reader reader{path};
  return reader.readGroup(file, "/", 0);
}

} // namespace snnc::nir
