//===- CocoDataset.cpp - MS COCO instances JSON loader --------------------===//

#include "runtime/eval/CocoDataset.h"

#include "runtime/support/Error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <unordered_map>

using nlohmann::json;

namespace snnc {
namespace {

/// Where in the file a value sits, for error messages:
/// "<file>: annotations[12] (id 3253)".
struct Where {
  const std::string &file;
  std::string entry;

  std::string operator()(const char *key) const {
    return fmt::format("{}: {} field '{}'", file, entry, key);
  }
};

/// The value's JSON type and a short excerpt of it, so that "wrong type"
/// errors show what was found.
std::string describe(const json &value) {
  std::string text = value.dump();
  if (text.size() > 40)
    text = text.substr(0, 37) + "...";
  return fmt::format("{} {}", value.type_name(), text);
}

const json &requireKey(const json &object, const char *key,
                       const Where &where) {
  auto it = object.find(key);
  if (it == object.end())
    fail("{} is missing", where(key));
  return *it;
}

double requireNumber(const json &object, const char *key, const Where &where) {
  const json &value = requireKey(object, key, where);
  if (!value.is_number() || !std::isfinite(value.get<double>()))
    fail("{} must be a finite number, got {}", where(key), describe(value));
  return value.get<double>();
}

int64_t requireInteger(const json &object, const char *key,
                       const Where &where) {
  const json &value = requireKey(object, key, where);
  if (value.is_number_integer())
    return value.get<int64_t>();
  // Some writers emit ids as 42.0; accept integral floats.
  if (value.is_number_float()) {
    double d = value.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15)
      return static_cast<int64_t>(d);
  }
  fail("{} must be an integer, got {}", where(key), describe(value));
}

std::string requireString(const json &object, const char *key,
                          const Where &where) {
  const json &value = requireKey(object, key, where);
  if (!value.is_string())
    fail("{} must be a string, got {}", where(key), describe(value));
  return value.get<std::string>();
}

const json &requireArray(const json &object, const char *key,
                         const Where &where) {
  const json &value = requireKey(object, key, where);
  if (!value.is_array())
    fail("{} must be an array, got {}", where(key), describe(value));
  return value;
}

json parseFile(const std::string &path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    fail("{}: COCO annotation file not found", path);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot open COCO annotation file", path);
  try {
    return json::parse(in);
  } catch (const json::exception &e) {
    fail("{}: invalid JSON: {}", path, e.what());
  }
}

void requireObject(const json &value, const std::string &file,
                   const std::string &entry) {
  if (!value.is_object())
    fail("{}: {} must be an object, got {}", file, entry, describe(value));
}

/// Category id -> class index: the k-th category by ascending id is class k.
std::unordered_map<int64_t, int>
readCategories(const json &root, const std::string &file,
               const std::vector<std::string> &classNames,
               std::vector<int64_t> &sortedIds) {
  const json &categories =
      requireArray(root, "categories", {file, "top-level"});
  for (std::size_t i = 0; i < categories.size(); ++i) {
    std::string entry = fmt::format("categories[{}]", i);
    requireObject(categories[i], file, entry);
    sortedIds.push_back(requireInteger(categories[i], "id", {file, entry}));
  }
  std::sort(sortedIds.begin(), sortedIds.end());
  auto dup = std::adjacent_find(sortedIds.begin(), sortedIds.end());
  if (dup != sortedIds.end())
    fail("{}: category id {} appears more than once", file, *dup);
  if (sortedIds.size() != classNames.size())
    fail("{}: {} categories but {} class names; class k maps to the k-th "
         "category by id, so the counts must agree",
         file, sortedIds.size(), classNames.size());

  std::unordered_map<int64_t, int> classOf;
  for (std::size_t k = 0; k < sortedIds.size(); ++k)
    classOf[sortedIds[k]] = static_cast<int>(k);
  return classOf;
}

ImageRecord readImage(const json &image, const std::string &file,
                      std::size_t index, const std::string &imagesDir) {
  std::string entry = fmt::format("images[{}]", index);
  requireObject(image, file, entry);
  ImageRecord record;
  record.cocoId = requireInteger(image, "id", {file, entry});
  entry += fmt::format(" (id {})", record.cocoId);
  Where where{file, entry};
  std::string fileName = requireString(image, "file_name", where);
  int64_t width = requireInteger(image, "width", where);
  int64_t height = requireInteger(image, "height", where);
  if (width < 1 || height < 1 || width > 1000000 || height > 1000000)
    fail("{}: {} has an invalid size {}x{}", file, entry, width, height);
  record.id = std::to_string(record.cocoId);
  record.path = (std::filesystem::path(imagesDir) / fileName).string();
  record.width = static_cast<int>(width);
  record.height = static_cast<int>(height);
  return record;
}

GroundTruth readAnnotation(const json &annotation, const Where &where,
                           const std::unordered_map<int64_t, int> &classOf) {
  GroundTruth gt;
  int64_t categoryId = requireInteger(annotation, "category_id", where);
  auto cls = classOf.find(categoryId);
  if (cls == classOf.end())
    fail("{} = {} is not a listed category", where("category_id"), categoryId);
  gt.classId = cls->second;

  const json &bbox = requireKey(annotation, "bbox", where);
  if (!bbox.is_array() || bbox.size() != 4 ||
      !std::all_of(bbox.begin(), bbox.end(), [](const json &v) {
        return v.is_number() && std::isfinite(v.get<double>());
      }))
    fail("{} must be [x, y, w, h] of 4 finite numbers, got {}", where("bbox"),
         describe(bbox));
  double x = bbox[0].get<double>(), y = bbox[1].get<double>();
  double w = bbox[2].get<double>(), h = bbox[3].get<double>();
  if (w < 0 || h < 0)
    fail("{} has a negative size: w={} h={}", where("bbox"), w, h);
  gt.box = Box{static_cast<float>(x), static_cast<float>(y),
               static_cast<float>(x + w), static_cast<float>(y + h)};

  double area = requireNumber(annotation, "area", where);
  if (area < 0)
    fail("{} is negative: {}", where("area"), area);
  gt.area = static_cast<float>(area);

  // pycocotools reads a missing "iscrowd" as 0.
  auto crowd = annotation.find("iscrowd");
  if (crowd != annotation.end()) {
    if (crowd->is_boolean())
      gt.crowd = crowd->get<bool>();
    else if (crowd->is_number_integer() &&
             (crowd->get<int64_t>() == 0 || crowd->get<int64_t>() == 1))
      gt.crowd = crowd->get<int64_t>() == 1;
    else
      fail("{} must be 0 or 1, got {}", where("iscrowd"), describe(*crowd));
  }
  return gt;
}

} // namespace

Dataset loadCocoDataset(const std::string &annotationJson,
                        const std::string &imagesDir,
                        const std::vector<std::string> &classNames) {
  const std::string &file = annotationJson;
  json root = parseFile(file);
  if (!root.is_object())
    fail("{}: top level must be an object, got {}", file, describe(root));

  Dataset dataset;
  dataset.classNames = classNames;
  std::unordered_map<int64_t, int> classOf =
      readCategories(root, file, classNames, dataset.cocoCategoryIds);

  const json &images = requireArray(root, "images", {file, "top-level"});
  std::unordered_map<int64_t, std::size_t> imageIndex;
  for (std::size_t i = 0; i < images.size(); ++i) {
    ImageRecord record = readImage(images[i], file, i, imagesDir);
    if (!imageIndex.emplace(record.cocoId, i).second)
      fail("{}: images[{}] repeats image id {}", file, i, record.cocoId);
    dataset.images.push_back(std::move(record));
  }

  const json &annotations =
      requireArray(root, "annotations", {file, "top-level"});
  for (std::size_t i = 0; i < annotations.size(); ++i) {
    std::string entry = fmt::format("annotations[{}]", i);
    requireObject(annotations[i], file, entry);
    auto id = annotations[i].find("id");
    if (id != annotations[i].end() && id->is_number_integer())
      entry += fmt::format(" (id {})", id->get<int64_t>());
    Where where{file, entry};
    int64_t imageId = requireInteger(annotations[i], "image_id", where);
    auto image = imageIndex.find(imageId);
    if (image == imageIndex.end())
      fail("{} = {} is not a listed image", where("image_id"), imageId);
    dataset.images[image->second].objects.push_back(
        readAnnotation(annotations[i], where, classOf));
  }
  return dataset;
}

} // namespace snnc
