//===- QatMetadata.cpp - Reading MODEL.qat.json ---------------------------===//

#include "compiler/calibration/QatMetadata.h"

#include "runtime/support/Error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>

using nlohmann::json;

namespace snnc {
namespace {

constexpr const char *kFormat = "snnc-qat";
constexpr int64_t kVersion = 1;
/// Far beyond any useful T, small enough that L ticks and L-level spike
/// counts fit the chip's counters.
constexpr int64_t kMaxLevels = 1 << 20;

/// The value's JSON type and a short excerpt, so that errors show what was
/// found.
std::string describe(const json &value) {
  std::string text = value.dump();
  if (text.size() > 40)
    text = text.substr(0, 37) + "...";
  return fmt::format("{} {}", value.type_name(), text);
}

/// "<file>: field 'levels'" or "<file>: layers[2] field 'ceiling'".
struct Where {
  const std::string &file;
  std::string entry;

  std::string operator()(const std::string &key) const {
    if (entry.empty())
      return fmt::format("{}: field '{}'", file, key);
    return fmt::format("{}: {} field '{}'", file, entry, key);
  }
};

void rejectUnknownKeys(const json &object,
                       std::initializer_list<const char *> known,
                       const Where &where) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool found = false;
    for (const char *key : known)
      found |= it.key() == key;
    if (!found) {
      std::string list;
      for (const char *key : known)
        list += fmt::format("{}{}", list.empty() ? "" : ", ", key);
      fail("{} is unknown (known fields: {})", where(it.key()), list);
    }
  }
}

const json &requireKey(const json &object, const char *key,
                       const Where &where) {
  auto it = object.find(key);
  if (it == object.end())
    fail("{} is missing", where(key));
  return *it;
}

int64_t requireInteger(const json &object, const char *key, int64_t min,
                       int64_t max, const Where &where) {
  const json &value = requireKey(object, key, where);
  int64_t result = 0;
  if (value.is_number_integer()) {
    // Unsigned values above INT64_MAX would wrap: compare as unsigned first.
    if (value.is_number_unsigned() &&
        value.get<uint64_t>() > static_cast<uint64_t>(max))
      fail("{} must be in [{}, {}], got {}", where(key), min, max,
           value.dump());
    result = value.get<int64_t>();
  } else if (value.is_number_float() && std::isfinite(value.get<double>()) &&
             value.get<double>() == std::floor(value.get<double>()) &&
             std::fabs(value.get<double>()) < 9e15) {
    result = static_cast<int64_t>(value.get<double>());
  } else {
    fail("{} must be an integer, got {}", where(key), describe(value));
  }
  if (result < min || result > max)
    fail("{} must be in [{}, {}], got {}", where(key), min, max, result);
  return result;
}

std::string requireString(const json &object, const char *key,
                          const Where &where) {
  const json &value = requireKey(object, key, where);
  if (!value.is_string())
    fail("{} must be a string, got {}", where(key), describe(value));
  return value.get<std::string>();
}

float requireCeiling(const json &value, const std::string &field,
                     const Where &where) {
  if (!value.is_number())
    fail("{} must be a number, got {}", where(field), describe(value));
  double d = value.get<double>();
  // A ceiling is a threshold: it must be positive and representable as a
  // (normal) float, or the conversion would divide by zero or overflow.
  if (!std::isfinite(d) || !(d > 0) || d > 3.0e38 || d < 1.0e-30)
    fail("{} must be a positive finite number, got {}", where(field),
         value.dump());
  return static_cast<float>(d);
}

QatLayer parseLayer(const json &object, size_t position,
                    const std::string &path) {
  Where where{path, fmt::format("layers[{}]", position)};
  if (!object.is_object())
    fail("{}: layers[{}] must be an object, got {}", path, position,
         describe(object));
  rejectUnknownKeys(object, {"index", "type", "activation", "ceiling"}, where);
  QatLayer layer;
  layer.index = requireInteger(object, "index", 0, 1 << 20, where);
  layer.type = requireString(object, "type", where);
  if (layer.type != "convolutional")
    fail("{} must be \"convolutional\", got \"{}\"", where("type"), layer.type);
  layer.activation = requireString(object, "activation", where);
  if (layer.activation != "leaky" && layer.activation != "relu" &&
      layer.activation != "linear")
    fail("{} must be \"leaky\", \"relu\" or \"linear\", got \"{}\"",
         where("activation"), layer.activation);
  const json &ceiling = requireKey(object, "ceiling", where);
  if (ceiling.is_array()) {
    if (ceiling.empty())
      fail("{} is an empty list (one value per output channel, or a single "
           "number)",
           where("ceiling"));
    layer.perChannel = true;
    layer.ceilings.reserve(ceiling.size());
    for (size_t c = 0; c < ceiling.size(); ++c)
      layer.ceilings.push_back(
          requireCeiling(ceiling[c], fmt::format("ceiling[{}]", c), where));
  } else {
    layer.ceilings.push_back(requireCeiling(ceiling, "ceiling", where));
  }
  return layer;
}

} // namespace

const QatLayer *QatMetadata::find(int64_t index) const {
  for (const QatLayer &layer : layers)
    if (layer.index == index)
      return &layer;
  return nullptr;
}

size_t QatMetadata::activationCount() const {
  size_t count = 0;
  for (const QatLayer &layer : layers)
    count += !layer.isLinear();
  return count;
}

QatMetadata parseQatMetadata(const std::string &text, const std::string &path) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception &e) {
    fail("{}: invalid JSON: {}", path, e.what());
  }
  if (!root.is_object())
    fail("{}: expected a JSON object, got {}", path, describe(root));
  Where where{path, ""};
  rejectUnknownKeys(
      root,
      {"format", "version", "levels", "weight_bits", "input_levels", "layers"},
      where);
  std::string format = requireString(root, "format", where);
  if (format != kFormat)
    fail("{} must be \"{}\", got \"{}\"", where("format"), kFormat, format);

  QatMetadata metadata;
  metadata.path = path;
  metadata.version = requireInteger(root, "version", 0, INT32_MAX, where);
  if (metadata.version != kVersion)
    fail("{} is {}: this snnc reads version {}", where("version"),
         metadata.version, kVersion);
  metadata.levels = requireInteger(root, "levels", 1, kMaxLevels, where);
  int64_t bits = requireInteger(root, "weight_bits", 0, 32, where);
  if (bits == 1)
    fail("{} must be 0 (float weights) or in [2, 32], got 1",
         where("weight_bits"));
  metadata.weightBits = bits;
  metadata.inputLevels =
      requireInteger(root, "input_levels", 0, kMaxLevels, where);

  const json &layers = requireKey(root, "layers", where);
  if (!layers.is_array())
    fail("{} must be a list, got {}", where("layers"), describe(layers));
  for (size_t k = 0; k < layers.size(); ++k) {
    QatLayer layer = parseLayer(layers[k], k, path);
    if (!metadata.layers.empty() && layer.index <= metadata.layers.back().index)
      fail("{}: layers[{}] field 'index' is {}, not above the previous "
           "entry's {} (entries must be in ascending layer order, each layer "
           "once)",
           path, k, layer.index, metadata.layers.back().index);
    metadata.layers.push_back(std::move(layer));
  }
  return metadata;
}

QatMetadata readQatMetadata(const std::string &path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    fail("{}: quantization metadata file not found", path);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail("{}: cannot open the quantization metadata file", path);
  std::string text(std::istreambuf_iterator<char>(in), {});
  return parseQatMetadata(text, path);
}

std::string qatMetadataPathFor(const std::string &cfgPath) {
  std::filesystem::path path(cfgPath);
  if (path.extension() == ".cfg" || path.extension() == ".onnx")
    path.replace_extension();
  return path.string() + ".qat.json";
}

} // namespace snnc
