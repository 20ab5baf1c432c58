//===- EvalBindings.cpp - snnc.evaluate: a model's mAP on VOC or COCO -----===//
//
// The steps of `snnc eval` (compiler/tools/snnc/EvalCommand.cpp): load the
// model (as trained with `qat`), detect on the set with the shared
// detectAll, evaluate; the result is the `--json` object without its
// provenance, plus every image's detections.
//
//===----------------------------------------------------------------------===//
#include "python/src/Bindings.h"
#include "python/src/Convert.h"

#include "compiler/calibration/QatMetadata.h"
#include "compiler/driver/ModelLoader.h"
#include "compiler/tools/common/CliSupport.h"
#include "compiler/tools/snnc/Commands.h"
#include "compiler/tools/snnc/RunSetup.h"
#include "runtime/eval/CocoDataset.h"
#include "runtime/eval/CocoEval.h"
#include "runtime/eval/VocDataset.h"
#include "runtime/eval/VocEval.h"
#include "runtime/inference/Detector.h"
#include "runtime/support/Error.h"
#include "runtime/tooling/ChipScore.h"
#include "runtime/tooling/Evaluation.h"
#include "runtime/tooling/RunResults.h"

#include <pybind11/stl.h>

namespace snnc::python {

namespace {

struct EvalArgs {
  ModelOptions model;
  std::string vocRoot, split, cocoJson, cocoImages, qatPath;
  size_t limit = 0;
  DetectorOptions detector;
  bool quiet = false;
};

py::dict evaluate(const EvalArgs &a) {
  checkOption("thresh", fmt::format("{}", a.detector.threshold),
              cli::between(0.0, 1.0));
  checkOption("nms", fmt::format("{}", a.detector.nms), cli::between(0.0, 1.0));
  if (a.vocRoot.empty() && a.cocoJson.empty())
    fail("evaluate needs voc=ROOT, split=NAME or coco=JSON, images=DIR");
  if (!a.vocRoot.empty() && !a.cocoJson.empty())
    fail("evaluate takes voc= or coco=, not both");
  if (!a.vocRoot.empty() && a.split.empty())
    fail("voc= needs split=NAME");
  if (!a.cocoJson.empty() && a.cocoImages.empty())
    fail("coco= needs images=DIR");

  nlohmann::ordered_json json;
  py::list detections;
  {
    py::gil_scoped_release release;
    Model model = loadModel(a.model);
    if (!a.qatPath.empty())
      model.graph = trainedGraph(model, a.qatPath);
    Executor executor(model.graph);
    const bool isVoc = !a.vocRoot.empty();
    Dataset dataset =
        isVoc ? loadVocDataset(a.vocRoot, a.split, model.classNames)
              : loadCocoDataset(a.cocoJson, a.cocoImages, model.classNames);
    dataset.images = cli::spreadImages(dataset.images, a.limit);
    DetectorOptions detector = a.detector;
    if (!isVoc)
      detector.maxDetections = 100; // COCO's per-image limit
    std::vector<Detections> dets =
        detectAll(executor, dataset, detector, a.quiet ? "" : "eval");
    json = evaluateSet(dataset, dets, isVoc).json;
    json["model"] = a.model.cfgPath;
    json["weights"] = model.weightsDescription;
    if (!a.qatPath.empty())
      json["qat"] = a.qatPath;
    json["images"] = dataset.images.size();

    nlohmann::ordered_json perImage = nlohmann::ordered_json::array();
    for (size_t i = 0; i < dets.size(); ++i) {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const Detection &d : dets[i])
        list.push_back(detectionJson(d, dataset.classNames));
      perImage.push_back({{"image", dataset.images[i].path},
                          {"id", dataset.images[i].id},
                          {"detections", std::move(list)}});
    }
    py::gil_scoped_acquire acquire;
    detections = toPython(perImage);
  }
  py::dict out;
  out["results"] = toPython(json);
  out["detections"] = detections;
  return out;
}

} // namespace

void bindEval(py::module_ &m) {
  m.def(
      "evaluate",
      [](const py::object &model, const py::object &voc,
         const std::optional<std::string> &split, const py::object &coco,
         const py::object &images, size_t limit, float thresh, float nms,
         bool letterbox, const py::object &qat, const py::object &weights,
         const py::object &head, bool randomWeights, uint64_t seed,
         const py::object &names, bool foldBn, bool quiet) {
        EvalArgs a;
        a.model.cfgPath = pathOf(model);
        a.model.weightsPath = pathOf(weights);
        a.model.headPath = pathOf(head);
        a.model.randomWeights = randomWeights;
        a.model.seed = seed;
        a.model.namesPath = pathOf(names);
        a.model.foldBatchNorm = foldBn;
        a.vocRoot = pathOf(voc);
        a.split = split.value_or("");
        a.cocoJson = pathOf(coco);
        a.cocoImages = pathOf(images);
        a.limit = limit;
        a.detector.threshold = thresh;
        a.detector.nms = nms;
        a.detector.letterbox = letterbox;
        a.qatPath = pathOf(qat);
        a.quiet = quiet;
        return evaluate(a);
      },
      py::arg("model"), py::kw_only(), py::arg("voc") = py::none(),
      py::arg("split") = py::none(), py::arg("coco") = py::none(),
      py::arg("images") = py::none(), py::arg("limit") = 0,
      // darknet's validation threshold, as `snnc eval`.
      py::arg_v("thresh", 0.005f, "0.005"), py::arg_v("nms", 0.45f, "0.45"),
      py::arg("letterbox") = false, py::arg("qat") = py::none(),
      py::arg("weights") = py::none(), py::arg("head") = py::none(),
      py::arg("random_weights") = false, py::arg("seed") = 1,
      py::arg("names") = py::none(), py::arg("fold_bn") = true,
      py::arg("quiet") = false,
      "`snnc eval` as a function; returns a dict (snnc.evaluate wraps it in "
      "an EvalResult).");
}

} // namespace snnc::python
