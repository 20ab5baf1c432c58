//===- TnConfig.cpp - tn IR <-> chip configuration ------------------------===//
#include "dialects/tn/TnConfig.h"
#include "dialects/common/ModuleAttributes.h"

#include "dialects/tn/TnAttributes.h"
#include "dialects/tn/TnOps.h"

#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace snnc::chipcfg;

namespace snnc::tn {

namespace {

std::string symbolFor(size_t index, const std::string &name) {
  std::string s = "p" + std::to_string(index);
  if (!name.empty())
    s += "_";
  for (char c : name)
    s += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return s;
}

/// A resource blob key: letters, digits, '_' and '.' only.
std::string blobName(const std::string &name) {
  std::string s;
  for (char c : name)
    s += (std::isalnum(static_cast<unsigned char>(c)) || c == '.') ? c : '_';
  return s;
}

template <typename T> std::vector<int32_t> toI32(const std::vector<T> &v) {
  return std::vector<int32_t>(v.begin(), v.end());
}

NamedAttribute named(Builder &b, StringRef name, Attribute value) {
  return b.getNamedAttr(name, value);
}

} // namespace

void buildTn(ModuleOp module, const ChipConfig &config,
             const std::vector<int64_t> &groupTau) {
  MLIRContext *ctx = module.getContext();
  OpBuilder b(ctx);
  b.setInsertionPointToEnd(module.getBody());
  Location loc = module.getLoc();
  const ChipInfo &ci = config.chip;
  module->setAttr(
      "tn.chip",
      b.getDictionaryAttr(
          {named(b, "profile", b.getStringAttr(ci.profile)),
           named(b, "crossbar",
                 b.getStringAttr(ci.crossbar == CrossbarKind::Binary
                                     ? "binary"
                                     : "weighted")),
           named(b, "axons_per_core", b.getI64IntegerAttr(ci.axonsPerCore)),
           named(b, "neurons_per_core", b.getI64IntegerAttr(ci.neuronsPerCore)),
           named(b, "potential_bits", b.getI64IntegerAttr(ci.potentialBits)),
           named(b, "signed_spikes", b.getBoolAttr(ci.signedSpikes)),
           named(b, "max_delay", b.getI64IntegerAttr(ci.maxDelay)),
           named(b, "cores_x", b.getI64IntegerAttr(ci.coresX)),
           named(b, "cores_y", b.getI64IntegerAttr(ci.coresY)),
           named(b, "chips_x", b.getI64IntegerAttr(ci.chipsX)),
           named(b, "chips_y", b.getI64IntegerAttr(ci.chipsY)),
           named(b, "tick_hz", b.getF64FloatAttr(ci.tickHz)),
           named(b, "synaptic_event_pj", b.getF64FloatAttr(ci.synapticEventPj)),
           named(b, "hop_pj", b.getF64FloatAttr(ci.hopPj)),
           named(b, "static_power_mw", b.getF64FloatAttr(ci.staticPowerMw))}));
  module->setAttr("tn.network", b.getStringAttr(config.network));
  if (!config.classNames.empty())
    module->setAttr("tn.class_names",
                    b.getStrArrayAttr(std::vector<StringRef>(
                        config.classNames.begin(), config.classNames.end())));

  std::vector<std::string> symbols;
  llvm::StringSet<> used;
  for (size_t p = 0; p < config.prototypes.size(); ++p) {
    const CorePrototype &proto = config.prototypes[p];
    // The name is the symbol unless it cannot be (empty or taken); then a
    // fresh one, and the name in `name`.
    std::string sym = proto.name;
    if (sym.empty() || used.contains(sym)) {
      sym = symbolFor(p, proto.name);
      while (used.contains(sym))
        sym += "_";
    }
    used.insert(sym);
    symbols.push_back(sym);
    const std::string blob = blobName(sym);
    SmallVector<Attribute> types;
    for (const NeuronType &t : proto.neuronTypes)
      types.push_back(NeuronAttr::get(ctx, b.getDenseI32ArrayAttr(t.weights),
                                      t.leak, t.alpha, t.beta,
                                      static_cast<ResetMode>(t.reset),
                                      static_cast<NegativeMode>(t.negative),
                                      t.resetValue, t.vInit, t.fires));
    bool binary = proto.kind == CrossbarKind::Binary;
    b.create<CoreTypeOp>(
        loc, b.getStringAttr(sym), b.getI64IntegerAttr(proto.axons),
        b.getI64IntegerAttr(proto.neurons),
        b.getStringAttr(binary ? "binary" : "weighted"),
        makeI32Array(ctx, blob + ".axon_types", toI32(proto.axonTypes)),
        makeI32Array(ctx, blob + ".row_start", toI32(proto.rowStart)),
        makeI32Array(ctx, blob + ".columns", toI32(proto.column)),
        makeI32Array(ctx, blob + ".weights", proto.weight),
        b.getArrayAttr(types),
        makeI32Array(ctx, blob + ".neuron_type_of", toI32(proto.neuronType)),
        sym == proto.name ? StringAttr() : b.getStringAttr(proto.name));
  }

  // Groups: runs of cores of the same layer.
  size_t c = 0;
  while (c < config.cores.size()) {
    uint32_t layer = config.cores[c].layer;
    size_t end = c;
    while (end < config.cores.size() && config.cores[end].layer == layer)
      ++end;
    std::vector<int32_t> coreTypes, coords, targetStart, targets;
    {
      size_t starts = 0, routes = 0;
      for (size_t k = c; k < end; ++k) {
        starts += config.cores[k].targetStart.size();
        routes += config.cores[k].targets.size();
      }
      targetStart.reserve(starts);
      targets.reserve(3 * routes);
    }
    llvm::DenseMap<uint32_t, int32_t> typeIndex; // prototype -> types[i]
    SmallVector<Attribute> refs;
    for (size_t k = c; k < end; ++k) {
      const Core &core = config.cores[k];
      auto [it, inserted] = typeIndex.try_emplace(
          core.prototype, static_cast<int32_t>(refs.size()));
      if (inserted)
        refs.push_back(FlatSymbolRefAttr::get(ctx, symbols[core.prototype]));
      coreTypes.push_back(it->second);
      coords.push_back(core.x);
      coords.push_back(core.y);
      for (uint32_t s : core.targetStart)
        targetStart.push_back(static_cast<int32_t>(s));
      for (const Target &t : core.targets) {
        targets.push_back(static_cast<int32_t>(t.core));
        targets.push_back(static_cast<int32_t>(t.axon));
        targets.push_back(static_cast<int32_t>(t.delay));
      }
    }
    const LayerInfo &li = config.layers.at(layer);
    std::string base = "g" + std::to_string(layer);
    b.create<CoreGroupOp>(
        loc, b.getStringAttr(li.name), b.getStringAttr(li.kind),
        b.getI64IntegerAttr(end - c),
        b.getI64IntegerAttr(config.cores[c].level),
        b.getI64IntegerAttr(layer < groupTau.size() ? groupTau[layer] : 0),
        b.getI64IntegerAttr(li.macs), b.getArrayAttr(refs),
        makeI32Array(ctx, base + ".core_types", coreTypes),
        makeI32Array(ctx, base + ".coords", coords),
        makeI32Array(ctx, base + ".target_start", targetStart),
        makeI32Array(ctx, base + ".targets", targets), /*layer=*/StringAttr(),
        /*spots=*/DenseF32ArrayAttr());
    c = end;
  }

  const InputMap &im = config.input;
  std::vector<int32_t> inTargets;
  for (const Target &t : im.targets) {
    inTargets.push_back(static_cast<int32_t>(t.core));
    inTargets.push_back(static_cast<int32_t>(t.axon));
    inTargets.push_back(static_cast<int32_t>(t.delay));
  }
  b.create<InputOp>(
      loc, b.getI64IntegerAttr(im.channels), b.getI64IntegerAttr(im.height),
      b.getI64IntegerAttr(im.width),
      makeI32Array(ctx, "input.target_start", toI32(im.targetStart)),
      makeI32Array(ctx, "input.targets", inTargets));

  for (const OutputMap &om : config.outputs) {
    std::vector<int32_t> pos, neg;
    for (const NeuronRef &r : om.positive) {
      pos.push_back(static_cast<int32_t>(r.core));
      pos.push_back(static_cast<int32_t>(r.neuron));
    }
    for (const NeuronRef &r : om.negative) {
      neg.push_back(static_cast<int32_t>(r.core));
      neg.push_back(static_cast<int32_t>(r.neuron));
    }
    DictionaryAttr head;
    if (om.isRegion)
      head = b.getDictionaryAttr(
          {named(b, "kind", b.getStringAttr("region")),
           named(b, "classes", b.getI64IntegerAttr(om.region.classes)),
           named(b, "coords", b.getI64IntegerAttr(om.region.coords)),
           named(b, "num", b.getI64IntegerAttr(om.region.num)),
           named(b, "softmax", b.getBoolAttr(om.region.softmax)),
           named(b, "anchors", b.getDenseF32ArrayAttr(om.region.anchors))});
    else
      head = b.getDictionaryAttr(
          {named(b, "kind", b.getStringAttr("yolo")),
           named(b, "classes", b.getI64IntegerAttr(om.yolo.classes)),
           named(b, "anchors", b.getDenseF32ArrayAttr(om.yolo.anchors)),
           named(b, "mask", b.getDenseI32ArrayAttr(om.yolo.mask))});
    b.create<OutputOp>(
        loc, b.getStringAttr(om.name), b.getI64IntegerAttr(om.channels),
        b.getI64IntegerAttr(om.height), b.getI64IntegerAttr(om.width),
        b.getStringAttr(om.decoding == OutputDecoding::Membrane ? "membrane"
                                                                : "count"),
        b.getDenseF32ArrayAttr(om.scale), b.getI64IntegerAttr(om.readoutDelay),
        b.getI64IntegerAttr(om.latency),
        makeI32Array(ctx, blobName(om.name) + ".positive", pos),
        makeI32Array(ctx, blobName(om.name) + ".negative", neg), head);
  }
}

std::optional<ChipConfig> readTn(ModuleOp module, bool requireMapped) {
  ChipConfig config;
  auto chip = module->getAttrOfType<DictionaryAttr>("tn.chip");
  auto network = module->getAttrOfType<StringAttr>("tn.network");
  if (!chip || !network) {
    mlir::emitError(module.getLoc(),
                    "not a tn module: 'tn.chip' or 'tn.network' is missing "
                    "(run snn-to-tn)");
    return std::nullopt;
  }
  config.network = network.str();
  // Optional: the detector's class names (snn-to-tn moves them from the
  // module's snnc.class_names; a module without them yields a
  // configuration whose names come from a file).
  std::optional<std::vector<std::string>> names =
      readClassNames(module, "tn.class_names");
  if (!names)
    return std::nullopt;
  config.classNames = std::move(*names);
  ChipInfo &ci = config.chip;
  bool ok = true;
  auto integer = [&](StringRef name) -> int64_t {
    auto a = chip.getAs<IntegerAttr>(name);
    if (!a) {
      mlir::emitError(module.getLoc())
          << "'tn.chip' lacks integer '" << name << "'";
      ok = false;
      return 0;
    }
    return a.getInt();
  };
  auto real = [&](StringRef name) -> double {
    auto a = chip.getAs<FloatAttr>(name);
    if (!a) {
      mlir::emitError(module.getLoc())
          << "'tn.chip' lacks float '" << name << "'";
      ok = false;
      return 0;
    }
    return a.getValueAsDouble();
  };
  auto profile = chip.getAs<StringAttr>("profile");
  auto crossbar = chip.getAs<StringAttr>("crossbar");
  auto signedSpikes = chip.getAs<BoolAttr>("signed_spikes");
  if (!profile || !crossbar || !signedSpikes) {
    mlir::emitError(module.getLoc(),
                    "'tn.chip' lacks profile, crossbar or signed_spikes");
    return std::nullopt;
  }
  ci.profile = profile.str();
  ci.crossbar = crossbar.getValue() == "binary" ? CrossbarKind::Binary
                                                : CrossbarKind::Weighted;
  ci.signedSpikes = signedSpikes.getValue();
  ci.axonsPerCore = static_cast<uint32_t>(integer("axons_per_core"));
  ci.neuronsPerCore = static_cast<uint32_t>(integer("neurons_per_core"));
  ci.potentialBits = static_cast<uint32_t>(integer("potential_bits"));
  ci.maxDelay = static_cast<uint32_t>(integer("max_delay"));
  ci.coresX = static_cast<uint32_t>(integer("cores_x"));
  ci.coresY = static_cast<uint32_t>(integer("cores_y"));
  ci.chipsX = static_cast<uint32_t>(integer("chips_x"));
  ci.chipsY = static_cast<uint32_t>(integer("chips_y"));
  ci.tickHz = real("tick_hz");
  ci.synapticEventPj = real("synaptic_event_pj");
  ci.hopPj = real("hop_pj");
  ci.staticPowerMw = real("static_power_mw");
  if (!ok)
    return std::nullopt;
  // The passes map against tn.target, the emitter validates against
  // tn.chip: the two must describe the same chip.
  if (TargetAttr target = getTarget(module)) {
    chip::ChipDescription d = target.getChip();
    auto differs = [&](StringRef field, int64_t inChip, int64_t inTarget) {
      if (inChip == inTarget)
        return false;
      mlir::emitError(module.getLoc())
          << "'tn.chip' says " << field << " = " << inChip
          << " but 'tn.target' (chip '" << d.name << "') says " << inTarget;
      return true;
    };
    if (differs("axons_per_core", ci.axonsPerCore, d.axonsPerCore) ||
        differs("neurons_per_core", ci.neuronsPerCore, d.neuronsPerCore) ||
        differs("potential_bits", ci.potentialBits, d.potentialBits) ||
        differs("max_delay", ci.maxDelay, d.maxDelay) ||
        differs("cores_x", ci.coresX, d.coresX) ||
        differs("cores_y", ci.coresY, d.coresY) ||
        differs("signed_spikes", ci.signedSpikes, d.signedSpikes) ||
        differs("crossbar (0 binary, 1 weighted)", int64_t(ci.crossbar),
                d.crossbar == chip::CrossbarKind::Binary ? 0 : 1))
      return std::nullopt;
    // Portable chips run only odd potentials (tn-finish).
    if (requireMapped && d.portableNeurons &&
        !module->hasAttr(kOddPotentialsAttr)) {
      mlir::emitError(module.getLoc())
          << "chip '" << d.name
          << "' is portable but the potentials are not odd yet (run "
             "tn-finish; snnc-compile-pipeline runs every mapping pass)";
      return std::nullopt;
    }
  }

  auto array = [&](Operation *op, StringRef what,
                   ElementsAttr attr) -> std::optional<std::vector<int32_t>> {
    auto v = readI32Array(attr);
    if (!v)
      mlir::emitError(op->getLoc())
          << "'" << what << "' is unavailable (an elided resource?)";
    return v;
  };
  llvm::StringMap<uint32_t> protoIndex;
  for (CoreTypeOp op : module.getOps<CoreTypeOp>()) {
    CorePrototype p;
    p.name = op.getName() ? op.getName()->str() : op.getSymName().str();
    p.axons = static_cast<uint32_t>(op.getAxons());
    p.neurons = static_cast<uint32_t>(op.getNeurons());
    p.kind = op.getCrossbar() == "binary" ? CrossbarKind::Binary
                                          : CrossbarKind::Weighted;
    auto types = array(op, "axon_types", op.getAxonTypes());
    auto rows = array(op, "row_start", op.getRowStart());
    auto cols = array(op, "columns", op.getColumns());
    auto weights = array(op, "weights", op.getWeights());
    auto typeOf = array(op, "neuron_type_of", op.getNeuronTypeOf());
    if (!types || !rows || !cols || !weights || !typeOf)
      return std::nullopt;
    p.axonTypes.assign(types->begin(), types->end());
    p.rowStart.assign(rows->begin(), rows->end());
    p.column.assign(cols->begin(), cols->end());
    p.weight = std::move(*weights);
    p.neuronType.assign(typeOf->begin(), typeOf->end());
    for (NeuronAttr n : op.getNeuronTypes().getAsRange<NeuronAttr>()) {
      NeuronType t;
      ArrayRef<int32_t> w = n.getWeights().asArrayRef();
      t.weights = {w[0], w[1], w[2], w[3]};
      t.leak = n.getLeak();
      t.alpha = n.getAlpha();
      t.beta = n.getBeta();
      t.reset = static_cast<chipcfg::ResetMode>(n.getReset());
      t.negative = static_cast<chipcfg::NegativeMode>(n.getNegative());
      t.resetValue = n.getResetValue();
      t.vInit = n.getVInit();
      t.fires = n.getFires();
      p.neuronTypes.push_back(t);
    }
    protoIndex[op.getSymName()] =
        static_cast<uint32_t>(config.prototypes.size());
    config.prototypes.push_back(std::move(p));
  }
  auto triples = [](const std::vector<int32_t> &v) {
    std::vector<Target> out;
    for (size_t i = 0; i + 2 < v.size(); i += 3)
      out.push_back({static_cast<uint32_t>(v[i]),
                     static_cast<uint32_t>(v[i + 1]),
                     static_cast<uint32_t>(v[i + 2])});
    return out;
  };
  for (CoreGroupOp op : module.getOps<CoreGroupOp>()) {
    uint32_t layer = static_cast<uint32_t>(config.layers.size());
    config.layers.push_back(
        {op.getName().str(), op.getRole().str(), op.getMacs()});
    std::vector<uint32_t> protos;
    for (Attribute a : op.getTypes()) {
      auto it = protoIndex.find(cast<FlatSymbolRefAttr>(a).getValue());
      if (it == protoIndex.end()) {
        op.emitError() << a << " is not a tn.core_type";
        return std::nullopt;
      }
      protos.push_back(it->second);
    }
    // A module between the mapping passes has unscheduled or unplaced
    // groups; a configuration needs both.
    if (requireMapped && (!op.getTauAttr() || !op.getCoordsAttr())) {
      mlir::emitError(op.getLoc())
          << "core group '" << op.getName() << "' is not "
          << (op.getTauAttr() ? "placed (run tn-place)"
                              : "scheduled (run tn-schedule)")
          << "; snnc-compile-pipeline runs every mapping pass";
      return std::nullopt;
    }
    auto coreTypes = array(op, "core_types", op.getCoreTypes());
    std::optional<std::vector<int32_t>> coords;
    if (op.getCoordsAttr())
      coords = array(op, "coords", op.getCoordsAttr());
    else
      coords = std::vector<int32_t>(2 * op.getCores(), 0);
    // Views, not copies: the routes of a large network take GBs.
    I32Values starts(op.getTargetStart()), targets(op.getTargets());
    if (!starts || !targets) {
      op.emitError("'target_start' or 'targets' is unavailable (an elided "
                   "resource?)");
      return std::nullopt;
    }
    if (!coreTypes || !coords)
      return std::nullopt;
    ArrayRef<int32_t> startValues = starts.values();
    ArrayRef<int32_t> targetValues = targets.values();
    size_t s = 0;
    uint64_t consumed = 0;
    for (size_t k = 0; k < coreTypes->size(); ++k) {
      Core core;
      core.prototype = protos.at((*coreTypes)[k]);
      core.x = (*coords)[2 * k];
      core.y = (*coords)[2 * k + 1];
      core.level = static_cast<uint32_t>(op.getLevel().value_or(0));
      core.layer = layer;
      uint32_t n = config.prototypes[core.prototype].neurons;
      if (s + n + 1 > startValues.size()) {
        op.emitError("'target_start' is shorter than its cores need");
        return std::nullopt;
      }
      core.targetStart.assign(startValues.begin() + s,
                              startValues.begin() + s + n + 1);
      s += n + 1;
      uint64_t count = core.targetStart.back();
      if (3 * (consumed + count) > targetValues.size()) {
        op.emitError("'targets' is shorter than 'target_start' says");
        return std::nullopt;
      }
      core.targets.reserve(count);
      for (uint64_t i = consumed; i < consumed + count; ++i)
        core.targets.push_back(
            {static_cast<uint32_t>(targetValues[3 * i]),
             static_cast<uint32_t>(targetValues[3 * i + 1]),
             static_cast<uint32_t>(targetValues[3 * i + 2])});
      consumed += count;
      config.cores.push_back(std::move(core));
    }
  }
  for (InputOp op : module.getOps<InputOp>()) {
    InputMap &im = config.input;
    im.channels = static_cast<uint32_t>(op.getChannels());
    im.height = static_cast<uint32_t>(op.getHeight());
    im.width = static_cast<uint32_t>(op.getWidth());
    auto starts = array(op, "target_start", op.getTargetStart());
    auto targets = array(op, "targets", op.getTargets());
    if (!starts || !targets)
      return std::nullopt;
    im.targetStart.assign(starts->begin(), starts->end());
    im.targets = triples(*targets);
  }
  for (OutputOp op : module.getOps<OutputOp>()) {
    OutputMap om;
    om.name = op.getName().str();
    om.channels = static_cast<uint32_t>(op.getChannels());
    om.height = static_cast<uint32_t>(op.getHeight());
    om.width = static_cast<uint32_t>(op.getWidth());
    om.decoding = op.getDecoding() == "membrane" ? OutputDecoding::Membrane
                                                 : OutputDecoding::SpikeCount;
    om.scale.assign(op.getScale().begin(), op.getScale().end());
    om.readoutDelay = static_cast<uint32_t>(op.getReadoutDelay());
    om.latency = static_cast<uint32_t>(op.getLatency());
    auto pos = array(op, "positive", op.getPositive());
    auto neg = array(op, "negative", op.getNegative());
    if (!pos || !neg)
      return std::nullopt;
    for (size_t i = 0; i + 1 < pos->size(); i += 2)
      om.positive.push_back({static_cast<uint32_t>((*pos)[i]),
                             static_cast<uint32_t>((*pos)[i + 1])});
    for (size_t i = 0; i + 1 < neg->size(); i += 2)
      om.negative.push_back({static_cast<uint32_t>((*neg)[i]),
                             static_cast<uint32_t>((*neg)[i + 1])});
    DictionaryAttr head = op.getHead();
    auto kind = head.getAs<StringAttr>("kind");
    om.isRegion = !kind || kind.getValue() != "yolo";
    auto getInt = [&](StringRef n, int fallback) {
      auto a = head.getAs<IntegerAttr>(n);
      return a ? static_cast<int>(a.getInt()) : fallback;
    };
    auto anchors = head.getAs<DenseF32ArrayAttr>("anchors");
    if (om.isRegion) {
      om.region.classes = getInt("classes", 20);
      om.region.coords = getInt("coords", 4);
      om.region.num = getInt("num", 5);
      auto softmax = head.getAs<BoolAttr>("softmax");
      om.region.softmax = !softmax || softmax.getValue();
      if (anchors)
        om.region.anchors.assign(anchors.asArrayRef().begin(),
                                 anchors.asArrayRef().end());
    } else {
      om.yolo.classes = getInt("classes", 80);
      if (anchors)
        om.yolo.anchors.assign(anchors.asArrayRef().begin(),
                               anchors.asArrayRef().end());
      if (auto mask = head.getAs<DenseI32ArrayAttr>("mask"))
        om.yolo.mask.assign(mask.asArrayRef().begin(), mask.asArrayRef().end());
    }
    config.outputs.push_back(std::move(om));
  }
  return config;
}

} // namespace snnc::tn
