//===- NirImportFuzzer.cpp - libFuzzer target for NIR import --------------===//
//
// NIR files are HDF5, whose container libhdf5 parses; what snnc parses is
// the tree inside. This target builds trees from the input bytes (node
// types, parameter names, shapes and values drawn from NIR's vocabulary,
// edges between the nodes, snnc's metadata) and imports them: the import
// must either give a SpikingGraph that validates and simulates one step, or
// raise snnc::Error; anything else is a bug.
//
//===----------------------------------------------------------------------===//
#include "compiler/nir/NirImport.h"
#include "runtime/snn/Simulator.h"
#include "runtime/support/Error.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <string>
#include <vector>

using namespace snnc;

namespace {

const char *kTypes[] = {"Input",   "Conv2d", "IF",  "Output",   "SumPool2d",
                        "Flatten", "Affine", "LIF", "NIRGraph", "Scale"};
const char *kKeys[] = {"shape",        "weight",        "bias",
                       "stride",       "padding",       "dilation",
                       "groups",       "input_shape",   "r",
                       "v_threshold",  "v_reset",       "kernel_size",
                       "output_scale", "readout_delay", "classes",
                       "coords",       "num",           "softmax",
                       "anchors",      "mask"};
const char *kNames[] = {"input", "conv", "if",    "output0",
                        "pool",  "flat", "dense", "output1"};

nir::Dataset dataset(FuzzedDataProvider &in) {
  nir::Dataset d;
  if (in.ConsumeIntegralInRange(0, 9) == 0) {
    d = nir::Dataset::string(in.ConsumeRandomLengthString(16));
    return d;
  }
  int rank = in.ConsumeIntegralInRange(0, 4);
  int64_t count = 1;
  for (int i = 0; i < rank; ++i) {
    int64_t dim = in.ConsumeIntegralInRange<int64_t>(0, 6);
    d.shape.push_back(dim);
    count *= dim;
  }
  d.isInteger = in.ConsumeBool();
  for (int64_t i = 0; i < count; ++i)
    d.numbers.push_back(in.ConsumeBool()
                            ? double(in.ConsumeIntegralInRange(-4, 8))
                            : in.ConsumeFloatingPoint<double>());
  return d;
}

nir::Group node(FuzzedDataProvider &in) {
  nir::Group g;
  g.datasets["type"] = nir::Dataset::string(in.PickValueInArray(kTypes));
  int keys = in.ConsumeIntegralInRange(0, 8);
  for (int k = 0; k < keys; ++k)
    g.datasets[in.PickValueInArray(kKeys)] = dataset(in);
  return g;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  FuzzedDataProvider in(data, size);
  nir::Group root;
  nir::Group &graph = root.groups["node"];
  graph.datasets["type"] = nir::Dataset::string(
      in.ConsumeBool() ? "NIRGraph" : in.PickValueInArray(kTypes));
  int nodes = in.ConsumeIntegralInRange(0, 8);
  for (int i = 0; i < nodes; ++i)
    graph.groups["nodes"].groups[in.PickValueInArray(kNames)] = node(in);
  nir::Dataset edges;
  edges.isString = true;
  int count = in.ConsumeIntegralInRange(0, 10);
  edges.shape = {count, 2};
  for (int i = 0; i < 2 * count; ++i)
    edges.strings.push_back(in.PickValueInArray(kNames));
  graph.datasets["edges"] = edges;
  if (in.ConsumeBool()) {
    nir::Group &meta = graph.groups["metadata"].groups["snnc"];
    meta.datasets["input_encoding"] =
        nir::Dataset::string(in.ConsumeBool() ? "spikes" : "analog");
    for (const char *name : {"output0", "output1"})
      if (in.ConsumeBool()) {
        nir::Group &o = meta.groups[name];
        o.datasets["head"] =
            nir::Dataset::string(in.ConsumeBool() ? "region" : "yolo");
        int keys = in.ConsumeIntegralInRange(0, 8);
        for (int k = 0; k < keys; ++k)
          o.datasets[in.PickValueInArray(kKeys)] = dataset(in);
      }
  }
  try {
    SpikingGraph g = nir::importNir(root, "fuzz.nir");
    g.validate();
    Simulator simulator(g);
    const TensorShape &s = g.input().shape;
    if (s.size() > 4096)
      return 0;
    Tensor image{s, std::vector<float>(size_t(s.size()), 0.5f)};
    SimulationOptions options;
    options.ticks = 1;
    simulator.run(image, options);
  } catch (const Error &) {
  }
  return 0;
}
