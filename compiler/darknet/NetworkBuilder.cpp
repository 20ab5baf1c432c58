//===- NetworkBuilder.cpp - cfg sections to typed, shaped layers ----------===//
//
// Follows darknet's parser.c: the same keys, defaults and output-size
// formulas. Keys that only matter for training are accepted and ignored;
// anything else is an error, because silently ignoring a key that changes
// inference (groups, dilation, another activation) gives wrong answers.
//
//===----------------------------------------------------------------------===//
#include "compiler/darknet/Network.h"

#include "runtime/support/Error.h"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

namespace snnc::darknet {

const char *toString(LayerKind kind) {
  switch (kind) {
  case LayerKind::Convolutional:
    return "convolutional";
  case LayerKind::MaxPool:
    return "maxpool";
  case LayerKind::Route:
    return "route";
  case LayerKind::Upsample:
    return "upsample";
  case LayerKind::Region:
    return "region";
  case LayerKind::Yolo:
    return "yolo";
  }
  return "?";
}

const char *toString(Activation activation) {
  switch (activation) {
  case Activation::Linear:
    return "linear";
  case Activation::Leaky:
    return "leaky";
  case Activation::Relu:
    return "relu";
  }
  return "?";
}

int64_t Network::storedFloats(const Layer &layer) {
  if (layer.kind != LayerKind::Convolutional)
    return 0;
  int64_t perFilter = layer.batchNormalize ? 4 : 1; // bias [+ scale, mean, var]
  return layer.filters * perFilter +
         layer.filters * layer.input.c * layer.size * layer.size;
}

namespace {

/// Keys darknet accepts per section: those snnc reads, and training-only
/// ones it ignores. A key outside this table is an error, reported before
/// anything else in the section so that a typo is named as such.
const std::set<std::string> &knownKeys(const std::string &section) {
  static const std::map<std::string, std::set<std::string>> table = {
      {"net",
       {"width",
        "height",
        "channels",
        "batch",
        "subdivisions",
        "momentum",
        "decay",
        "angle",
        "saturation",
        "exposure",
        "hue",
        "learning_rate",
        "burn_in",
        "max_batches",
        "policy",
        "steps",
        "scales",
        "power",
        "gamma",
        "step",
        "max_crop",
        "min_crop",
        "aspect",
        "flip",
        "jitter",
        "mosaic",
        "letter_box",
        "inputs",
        "time_steps",
        "notruth",
        "random",
        "adam",
        "B1",
        "B2",
        "eps",
        "label_smooth_eps",
        "blur",
        "mixup",
        "cutmix",
        "seq_scales",
        "max_chart_loss",
        "track",
        "augment_speed",
        "sequential_subdivisions",
        "dynamic_minibatch",
        "optimized_memory",
        "workspace_size_limit_MB"}},
      {"convolutional",
       {"filters", "size", "stride", "pad", "padding", "batch_normalize",
        "groups", "binary", "xnor", "dilation", "activation", "flipped", "dot",
        "stopbackward"}},
      {"maxpool", {"size", "stride", "padding", "stride_x", "stride_y"}},
      {"route", {"layers", "groups", "group_id", "stopbackward"}},
      {"upsample", {"stride", "scale"}},
      {"region",
       {"anchors",     "classes",     "coords",       "num",
        "softmax",     "tree",        "map",          "bias_match",
        "jitter",      "rescore",     "object_scale", "noobject_scale",
        "class_scale", "coord_scale", "absolute",     "thresh",
        "random",      "max",         "focus",        "log",
        "sqrt"}},
      {"yolo",
       {"mask", "anchors", "classes", "num", "jitter", "ignore_thresh",
        "truth_thresh", "random", "scale_x_y", "iou_loss", "iou_normalizer",
        "cls_normalizer", "nms_kind", "beta_nms", "max_delta", "resize"}},
  };
  static const std::set<std::string> none;
  auto it = table.find(section);
  return it == table.end() ? none : it->second;
}

/// darknet's aliases for section names.
std::string canonicalSection(const std::string &type) {
  if (type == "conv")
    return "convolutional";
  if (type == "max")
    return "maxpool";
  if (type == "network")
    return "net";
  return type;
}

/// Typed access to one section's options, with errors that name the file,
/// line, section and key.
class SectionReader {
public:
  SectionReader(const CfgFile &file, const CfgSection &section)
      : file(file), section(section) {}

  const CfgOption *find(const std::string &key) {
    for (const CfgOption &option : section.options)
      if (option.key == key)
        return &option;
    return nullptr;
  }

  int64_t getInt(const std::string &key, int64_t fallback, int64_t min,
                 int64_t max) {
    const CfgOption *option = find(key);
    if (!option)
      return fallback;
    int64_t value = 0;
    const char *begin = option->value.data();
    const char *end = begin + option->value.size();
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end)
      fail("{}:{}: [{}] {}='{}' is not an integer", file.path, option->line,
           section.type, key, option->value);
    if (value < min || value > max)
      fail("{}:{}: [{}] {}={} is out of range [{}, {}]", file.path,
           option->line, section.type, key, value, min, max);
    return value;
  }

  float parseFloat(const CfgOption &option, const std::string &text) {
    char *end = nullptr;
    errno = 0;
    float value = std::strtof(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || errno != 0 ||
        !std::isfinite(value))
      fail("{}:{}: [{}] {}: '{}' is not a finite number", file.path,
           option.line, section.type, option.key, text);
    return value;
  }

  std::vector<std::string> splitList(const CfgOption &option) {
    std::vector<std::string> items;
    size_t start = 0;
    const std::string &v = option.value;
    while (start <= v.size()) {
      size_t comma = v.find(',', start);
      if (comma == std::string::npos)
        comma = v.size();
      std::string item = v.substr(start, comma - start);
      // darknet tolerates one trailing comma ("1,2,").
      if (!(item.empty() && comma == v.size() && !items.empty()))
        items.push_back(item);
      start = comma + 1;
    }
    return items;
  }

  std::vector<float> getFloatList(const std::string &key) {
    const CfgOption *option = find(key);
    if (!option)
      return {};
    std::vector<float> values;
    for (const std::string &item : splitList(*option))
      values.push_back(parseFloat(*option, item));
    return values;
  }

  std::vector<int64_t> getIntList(const std::string &key) {
    const CfgOption *option = find(key);
    if (!option)
      return {};
    std::vector<int64_t> values;
    for (const std::string &item : splitList(*option)) {
      int64_t value = 0;
      auto [ptr, ec] =
          std::from_chars(item.data(), item.data() + item.size(), value);
      if (ec != std::errc() || ptr != item.data() + item.size())
        fail("{}:{}: [{}] {}: '{}' is not an integer", file.path, option->line,
             section.type, key, item);
      values.push_back(value);
    }
    return values;
  }

  std::string getString(const std::string &key, const std::string &fallback) {
    const CfgOption *option = find(key);
    return option ? option->value : fallback;
  }

  int lineOf(const std::string &key) {
    const CfgOption *option = find(key);
    return option ? option->line : section.line;
  }

  /// Rejects keys darknet does not know for this section type.
  void checkKeys() {
    const std::set<std::string> &known =
        knownKeys(canonicalSection(section.type));
    for (const CfgOption &option : section.options)
      if (!known.count(option.key))
        fail("{}:{}: unknown key '{}' in [{}]", file.path, option.line,
             option.key, section.type);
  }

  [[noreturn]] void error(const std::string &message) {
    fail("{}:{}: [{}] {}", file.path, section.line, section.type, message);
  }

private:
  const CfgFile &file;
  const CfgSection &section;
};

constexpr int64_t kMaxDim = 1 << 16;
/// Bound on the values of one tensor or one layer's parameters (16 GiB of
/// float32): far beyond any detector, small enough that no size product
/// overflows int64 later.
constexpr int64_t kMaxElements = int64_t(1) << 32;

/// a * b * ..., or -1 if the product exceeds kMaxElements.
int64_t boundedProduct(std::initializer_list<int64_t> factors) {
  int64_t product = 1;
  for (int64_t f : factors) {
    if (f < 0 || __builtin_mul_overflow(product, f, &product) ||
        product > kMaxElements)
      return -1;
  }
  return product;
}

void buildNet(SectionReader &r, Network &net) {
  net.width = r.getInt("width", 0, 1, kMaxDim);
  net.height = r.getInt("height", 0, 1, kMaxDim);
  net.channels = r.getInt("channels", 0, 1, 4096);
  if (net.width == 0 || net.height == 0 || net.channels == 0)
    r.error(fmt::format("width, height and channels must all be set and "
                        "positive (got {}x{}x{})",
                        net.width, net.height, net.channels));
}

Activation parseActivation(SectionReader &r, const std::string &path) {
  // darknet's default activation for [convolutional] is "logistic".
  std::string name = r.getString("activation", "logistic");
  if (name == "leaky")
    return Activation::Leaky;
  if (name == "relu")
    return Activation::Relu;
  if (name == "linear")
    return Activation::Linear;
  r.error(fmt::format("activation '{}' (line {}) is not supported: snnc "
                      "converts leaky, relu and linear",
                      name, r.lineOf("activation")));
}

void buildConvolutional(SectionReader &r, Layer &layer, const Shape &in,
                        const std::string &path) {
  layer.filters = r.getInt("filters", 1, 1, 1 << 20);
  layer.size = r.getInt("size", 1, 1, 64);
  layer.stride = r.getInt("stride", 1, 1, 64);
  bool pad = r.getInt("pad", 0, 0, 1);
  layer.padding = r.getInt("padding", 0, 0, 64);
  if (pad)
    layer.padding = layer.size / 2;
  layer.batchNormalize = r.getInt("batch_normalize", 0, 0, 1);
  if (int64_t groups = r.getInt("groups", 1, 1, 1 << 20); groups != 1)
    r.error(fmt::format("groups={} is not supported (only dense "
                        "convolutions)",
                        groups));
  if (r.getInt("binary", 0, 0, 1) || r.getInt("xnor", 0, 0, 1))
    r.error("binary/xnor convolutions are not supported");
  if (int64_t d = r.getInt("dilation", 1, 1, 64); d != 1)
    r.error(fmt::format("dilation={} is not supported", d));
  layer.activation = parseActivation(r, path);

  layer.input = in;
  int64_t outH = (in.h + 2 * layer.padding - layer.size) / layer.stride + 1;
  int64_t outW = (in.w + 2 * layer.padding - layer.size) / layer.stride + 1;
  if (in.h + 2 * layer.padding < layer.size ||
      in.w + 2 * layer.padding < layer.size)
    r.error(fmt::format("kernel size {} does not fit the {}x{} input with "
                        "padding {}",
                        layer.size, in.h, in.w, layer.padding));
  layer.output = {layer.filters, outH, outW};
}

void buildMaxPool(SectionReader &r, Layer &layer, const Shape &in) {
  layer.stride = r.getInt("stride", 1, 1, 64);
  layer.size = r.getInt("size", layer.stride, 1, 64);
  layer.padding = r.getInt("padding", layer.size - 1, 0, 64);
  layer.input = in;
  if (in.h + layer.padding < layer.size || in.w + layer.padding < layer.size)
    r.error(fmt::format("pool size {} does not fit the {}x{} input", layer.size,
                        in.h, in.w));
  int64_t outH = (in.h + layer.padding - layer.size) / layer.stride + 1;
  int64_t outW = (in.w + layer.padding - layer.size) / layer.stride + 1;
  layer.output = {in.c, outH, outW};
}

void buildRoute(SectionReader &r, Layer &layer, const Network &net, int index,
                const std::string &path) {
  std::vector<int64_t> refs = r.getIntList("layers");
  if (refs.empty())
    r.error("route needs 'layers'");
  if (r.getInt("groups", 1, 1, 64) != 1)
    r.error("route with groups is not supported");
  Shape out{0, 0, 0};
  for (int64_t ref : refs) {
    int64_t absolute = ref < 0 ? index + ref : ref;
    if (absolute < 0 || absolute >= index)
      r.error(fmt::format("route layer {} resolves to {}, which is not an "
                          "earlier layer (this is layer {})",
                          ref, absolute, index));
    const Layer &src = net.layers[absolute];
    if (src.kind == LayerKind::Region || src.kind == LayerKind::Yolo)
      r.error(
          fmt::format("route to layer {} which is a detection head", absolute));
    if (out.c == 0) {
      out = src.output;
    } else {
      if (src.output.h != out.h || src.output.w != out.w)
        r.error(fmt::format("route concatenates layer {} of size {}x{} with "
                            "size {}x{}",
                            absolute, src.output.h, src.output.w, out.h,
                            out.w));
      out.c += src.output.c;
    }
    layer.routeLayers.push_back(static_cast<int>(absolute));
  }
  layer.input = out;
  layer.output = out;
}

void buildUpsample(SectionReader &r, Layer &layer, const Shape &in) {
  layer.stride = r.getInt("stride", 2, 1, 64);
  if (r.find("scale"))
    r.error("upsample 'scale' (value multiplier) is not supported");
  layer.input = in;
  layer.output = {in.c, in.h * layer.stride, in.w * layer.stride};
}

void checkHeadChannels(SectionReader &r, const Shape &in, int64_t expected,
                       const std::string &formula) {
  if (in.c != expected)
    r.error(fmt::format("expects {} = {} input channels, but the previous "
                        "layer has {}",
                        formula, expected, in.c));
}

void buildRegion(SectionReader &r, Layer &layer, const Shape &in) {
  layer.classes = r.getInt("classes", 20, 1, 100000);
  layer.coords = r.getInt("coords", 4, 4, 4);
  layer.num = r.getInt("num", 1, 1, 1000);
  layer.softmax = r.getInt("softmax", 0, 0, 1);
  layer.anchors = r.getFloatList("anchors");
  if (static_cast<int64_t>(layer.anchors.size()) != 2 * layer.num)
    r.error(fmt::format("has {} anchor values, expected 2*num = {}",
                        layer.anchors.size(), 2 * layer.num));
  if (r.getInt("tree", 0, 0, 0) || r.find("map"))
    r.error("hierarchical (tree/map) region layers are not supported");
  checkHeadChannels(r, in, layer.num * (layer.coords + 1 + layer.classes),
                    "num*(coords+1+classes)");
  layer.input = layer.output = in;
}

void buildYolo(SectionReader &r, Layer &layer, const Shape &in) {
  layer.classes = r.getInt("classes", 20, 1, 100000);
  layer.num = r.getInt("num", 1, 1, 1000);
  layer.mask = r.getIntList("mask");
  if (layer.mask.empty())
    for (int64_t i = 0; i < layer.num; ++i)
      layer.mask.push_back(i);
  layer.anchors = r.getFloatList("anchors");
  if (static_cast<int64_t>(layer.anchors.size()) != 2 * layer.num)
    r.error(fmt::format("has {} anchor values, expected 2*num = {}",
                        layer.anchors.size(), 2 * layer.num));
  for (int64_t m : layer.mask)
    if (m < 0 || m >= layer.num)
      r.error(
          fmt::format("mask index {} is outside the {} anchors", m, layer.num));
  checkHeadChannels(
      r, in, static_cast<int64_t>(layer.mask.size()) * (4 + 1 + layer.classes),
      "len(mask)*(5+classes)");
  layer.coords = 4;
  layer.input = layer.output = in;
}

} // namespace

Network buildNetwork(const CfgFile &cfg) {
  Network net;
  net.cfgPath = cfg.path;
  if (cfg.sections.empty())
    fail("{}: no sections: not a darknet cfg file", cfg.path);
  const CfgSection &first = cfg.sections.front();
  if (first.type != "net" && first.type != "network")
    fail("{}:{}: the first section must be [net], got [{}]", cfg.path,
         first.line, first.type);
  {
    SectionReader r(cfg, first);
    r.checkKeys();
    buildNet(r, net);
  }

  Shape current{net.channels, net.height, net.width};
  for (size_t i = 1; i < cfg.sections.size(); ++i) {
    const CfgSection &section = cfg.sections[i];
    SectionReader r(cfg, section);
    Layer layer;
    if (!knownKeys(canonicalSection(section.type)).empty())
      r.checkKeys();
    layer.line = section.line;
    int index = static_cast<int>(net.layers.size());
    if (!net.layers.empty()) {
      LayerKind prev = net.layers.back().kind;
      if ((prev == LayerKind::Region || prev == LayerKind::Yolo) &&
          section.type != "route")
        r.error("only [route] may follow a detection head");
    }
    const std::string &t = section.type;
    if (t == "convolutional" || t == "conv") {
      layer.kind = LayerKind::Convolutional;
      buildConvolutional(r, layer, current, cfg.path);
    } else if (t == "maxpool" || t == "max") {
      layer.kind = LayerKind::MaxPool;
      buildMaxPool(r, layer, current);
    } else if (t == "route") {
      layer.kind = LayerKind::Route;
      buildRoute(r, layer, net, index, cfg.path);
    } else if (t == "upsample") {
      layer.kind = LayerKind::Upsample;
      buildUpsample(r, layer, current);
    } else if (t == "region") {
      layer.kind = LayerKind::Region;
      buildRegion(r, layer, current);
    } else if (t == "yolo") {
      layer.kind = LayerKind::Yolo;
      buildYolo(r, layer, current);
    } else if (t == "net" || t == "network") {
      r.error("a second [net] section");
    } else {
      r.error("unknown or unsupported section type (snnc supports "
              "convolutional, maxpool, route, upsample, region, yolo)");
    }

    if (layer.output.c <= 0 || layer.output.h <= 0 || layer.output.w <= 0)
      r.error("produces an empty output");
    if (boundedProduct({layer.output.c, layer.output.h, layer.output.w}) < 0)
      r.error(fmt::format("output {}x{}x{} exceeds {} values", layer.output.c,
                          layer.output.h, layer.output.w, kMaxElements));
    if (layer.kind == LayerKind::Convolutional &&
        boundedProduct({layer.filters, layer.input.c, layer.size, layer.size}) <
            0)
      r.error(fmt::format("{} filters of {}x{}x{} exceed {} weights",
                          layer.filters, layer.input.c, layer.size, layer.size,
                          kMaxElements));
    current = layer.output;
    net.layers.push_back(std::move(layer));
  }
  if (net.layers.empty())
    fail("{}: the network has no layers after [net]", cfg.path);
  LayerKind last = net.layers.back().kind;
  if (last != LayerKind::Region && last != LayerKind::Yolo)
    fail("{}:{}: the network must end with a [region] or [yolo] head, "
         "ends with [{}]",
         cfg.path, net.layers.back().line, toString(last));
  return net;
}

} // namespace snnc::darknet
