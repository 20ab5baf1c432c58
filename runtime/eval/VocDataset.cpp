//===- VocDataset.cpp - PASCAL VOC (VOCdevkit) loader ---------------------===//

#include "runtime/eval/VocDataset.h"

#include "runtime/eval/Text.h"
#include "runtime/support/Error.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace fs = std::filesystem;

namespace snnc {
namespace {

std::string readFile(const std::string &path, const char *what) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    fail("{}: {} not found", path, what);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot open {}", path, what);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Reports positions as file:line, which is what an editor can jump to;
/// pugixml only knows byte offsets into the buffer.
class XmlFile {
public:
  XmlFile(std::string path, std::string text)
      : path(std::move(path)), text(std::move(text)) {}

  std::size_t lineOf(std::ptrdiff_t offset) const {
    if (offset < 0)
      return 0;
    std::size_t end = std::min<std::size_t>(offset, text.size());
    return 1 + std::count(text.begin(), text.begin() + end, '\n');
  }
  std::string where(const pugi::xml_node &node) const {
    return fmt::format("{}:{}", path, lineOf(node.offset_debug()));
  }

  const std::string path;
  const std::string text;
};

pugi::xml_node requireChild(const XmlFile &file, const pugi::xml_node &parent,
                            const char *name) {
  pugi::xml_node child = parent.child(name);
  if (!child)
    fail("{}: <{}> has no <{}>", file.where(parent), parent.name(), name);
  return child;
}

double requireNumber(const XmlFile &file, const pugi::xml_node &parent,
                     const char *name) {
  pugi::xml_node child = requireChild(file, parent, name);
  const char *text = child.text().get();
  std::optional<double> value = eval_detail::parseNumber(text);
  if (!value)
    fail("{}: <{}> is not a number: '{}'", file.where(child), name, text);
  return *value;
}

int requirePositiveInt(const XmlFile &file, const pugi::xml_node &parent,
                       const char *name) {
  double value = requireNumber(file, parent, name);
  if (value < 1 || value > 1e9 || value != std::floor(value))
    fail("{}: <{}> must be a positive integer, got {}",
         file.where(parent.child(name)), name, value);
  return static_cast<int>(value);
}

int classIndex(const std::vector<std::string> &classNames,
               const std::string &name) {
  auto it = std::find(classNames.begin(), classNames.end(), name);
  return it == classNames.end() ? -1
                                : static_cast<int>(it - classNames.begin());
}

GroundTruth parseObject(const XmlFile &file, const pugi::xml_node &object,
                        const std::vector<std::string> &classNames) {
  GroundTruth gt;
  pugi::xml_node nameNode = requireChild(file, object, "name");
  std::string name(eval_detail::trim(nameNode.text().get()));
  gt.classId = classIndex(classNames, name);
  if (gt.classId < 0)
    fail("{}: unknown class name '{}' (not among the {} class names)",
         file.where(nameNode), name, classNames.size());

  // The devkit treats a missing <difficult> as 0.
  if (pugi::xml_node difficult = object.child("difficult")) {
    const char *text = difficult.text().get();
    std::optional<double> value = eval_detail::parseNumber(text);
    if (!value || (*value != 0 && *value != 1))
      fail("{}: <difficult> must be 0 or 1, got '{}'", file.where(difficult),
           text);
    gt.difficult = *value == 1;
  }

  pugi::xml_node bndbox = requireChild(file, object, "bndbox");
  double x0 = requireNumber(file, bndbox, "xmin");
  double y0 = requireNumber(file, bndbox, "ymin");
  double x1 = requireNumber(file, bndbox, "xmax");
  double y1 = requireNumber(file, bndbox, "ymax");
  // Inclusive coordinates: xmin == xmax is a one-pixel-wide box.
  if (x1 < x0 || y1 < y0)
    fail("{}: '{}' box has max < min: xmin={} ymin={} xmax={} ymax={}",
         file.where(bndbox), name, x0, y0, x1, y1);
  gt.box = Box{static_cast<float>(x0), static_cast<float>(y0),
               static_cast<float>(x1), static_cast<float>(y1)};
  gt.area = static_cast<float>((x1 - x0 + 1) * (y1 - y0 + 1));
  return gt;
}

/// The folder holding ImageSets/, Annotations/ and JPEGImages/.
fs::path resolveYearFolder(const std::string &root) {
  std::error_code ec;
  fs::path base(root);
  if (fs::is_directory(base / "ImageSets", ec))
    return base;
  if (!fs::is_directory(base, ec))
    fail("{}: VOC root folder not found", root);
  if (fs::is_directory(base / "VOC2007" / "ImageSets", ec))
    return base / "VOC2007";
  std::vector<fs::path> candidates;
  for (const fs::directory_entry &entry : fs::directory_iterator(base, ec))
    if (fs::is_directory(entry.path() / "ImageSets", ec))
      candidates.push_back(entry.path());
  if (candidates.size() != 1)
    fail("{}: expected ImageSets/ or exactly one VOC20xx/ImageSets/ below it, "
         "found {} candidate folders",
         root, candidates.size());
  return candidates.front();
}

std::vector<std::string> readSplit(const std::string &path) {
  std::istringstream lines(readFile(path, "split file"));
  std::vector<std::string> ids;
  std::string line;
  while (std::getline(lines, line)) {
    // Per-class split files carry a second column (1/-1/0); the id is the
    // first token either way.
    std::istringstream tokens(line);
    std::string id;
    if (tokens >> id)
      ids.push_back(id);
  }
  if (ids.empty())
    fail("{}: split file lists no image ids", path);
  return ids;
}

} // namespace

ImageRecord parseVocAnnotation(const std::string &xmlPath,
                               const std::vector<std::string> &classNames) {
  XmlFile file(xmlPath, readFile(xmlPath, "annotation file"));
  pugi::xml_document doc;
  pugi::xml_parse_result parsed =
      doc.load_buffer(file.text.data(), file.text.size());
  if (!parsed)
    fail("{}:{}: XML error: {}", xmlPath, file.lineOf(parsed.offset),
         parsed.description());
  pugi::xml_node annotation = doc.child("annotation");
  if (!annotation)
    fail("{}: no <annotation> root element", xmlPath);

  ImageRecord record;
  pugi::xml_node size = requireChild(file, annotation, "size");
  record.width = requirePositiveInt(file, size, "width");
  record.height = requirePositiveInt(file, size, "height");
  for (pugi::xml_node object : annotation.children("object"))
    record.objects.push_back(parseObject(file, object, classNames));
  return record;
}

Dataset loadVocDataset(const std::string &root, const std::string &split,
                       const std::vector<std::string> &classNames) {
  if (classNames.empty())
    fail("{}: no class names given for the VOC dataset", root);
  fs::path year = resolveYearFolder(root);
  std::string splitPath =
      (year / "ImageSets" / "Main" / (split + ".txt")).string();

  Dataset dataset;
  dataset.classNames = classNames;
  for (const std::string &id : readSplit(splitPath)) {
    ImageRecord record = parseVocAnnotation(
        (year / "Annotations" / (id + ".xml")).string(), classNames);
    record.id = id;
    record.path = (year / "JPEGImages" / (id + ".jpg")).string();
    dataset.images.push_back(std::move(record));
  }
  return dataset;
}

} // namespace snnc
