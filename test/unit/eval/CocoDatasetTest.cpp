//===- CocoDatasetTest.cpp - Loading COCO instances files -----------------===//

#include "runtime/eval/CocoDataset.h"
#include "runtime/eval/ClassNames.h"
#include "runtime/support/Error.h"
#include "test/unit/SharedData.h"
#include "test/unit/eval/EvalTestUtil.h"

#include <catch2/catch.hpp>

using namespace snnc;
using Catch::Matchers::Contains;

namespace {

const std::vector<std::string> kNames = {"person", "airplane", "dog"};

std::string coco(const std::string &name) {
  return test::evalData("coco/" + name);
}

} // namespace

TEST_CASE("coco: a hand-written file", "[eval][coco][loader]") {
  Dataset d = loadCocoDataset(coco("good.json"), "imgs", kNames);
  // Categories sorted by id: 1 -> class 0, 5 -> class 1, 18 -> class 2.
  REQUIRE(d.cocoCategoryIds == std::vector<int64_t>{1, 5, 18});
  REQUIRE(d.images.size() == 2);
  // Images keep the file's order.
  const ImageRecord &seven = d.images[0];
  CHECK(seven.cocoId == 7);
  CHECK(seven.id == "7");
  CHECK(seven.path == "imgs/seven.jpg");
  CHECK(seven.width == 640);
  CHECK(seven.height == 480);
  REQUIRE(seven.objects.size() == 2);
  const GroundTruth &dog = seven.objects[0];
  CHECK(dog.classId == 2);
  CHECK(dog.box.x0 == 10.5f);
  CHECK(dog.box.y0 == 20);
  CHECK(dog.box.x1 == 40.5f); // 10.5 + 30
  CHECK(dog.box.y1 == 60);    // 20 + 40
  CHECK(dog.area == 1000.25f);
  CHECK_FALSE(dog.crowd);
  CHECK(seven.objects[1].classId == 0);
  CHECK(seven.objects[1].crowd);
  // No "iscrowd": not a crowd.
  REQUIRE(d.images[1].objects.size() == 1);
  CHECK(d.images[1].objects[0].classId == 1);
  CHECK_FALSE(d.images[1].objects[0].crowd);
}

TEST_CASE("coco: malformed files name the file and the entry",
          "[eval][coco][loader]") {
  REQUIRE_THROWS_AS(loadCocoDataset(coco("broken.json"), "", kNames), Error);
  REQUIRE_THROWS_WITH(loadCocoDataset(coco("broken.json"), "", kNames),
                      Contains("broken.json") && Contains("invalid JSON"));
  REQUIRE_THROWS_WITH(loadCocoDataset(coco("top-array.json"), "", kNames),
                      Contains("top-array.json"));
  REQUIRE_THROWS_WITH(loadCocoDataset(coco("no-images.json"), "", kNames),
                      Contains("no-images.json") && Contains("'images'"));
  REQUIRE_THROWS_WITH(loadCocoDataset(coco("bbox-string.json"), "", kNames),
                      Contains("bbox-string.json") &&
                          Contains("annotations[0] (id 41)") &&
                          Contains("1 2 3 4"));
  REQUIRE_THROWS_WITH(loadCocoDataset(coco("bbox-short.json"), "", kNames),
                      Contains("bbox-short.json") && Contains("[1,2,3]"));
  REQUIRE_THROWS_WITH(loadCocoDataset(coco("bad-image-ref.json"), "", kNames),
                      Contains("bad-image-ref.json") && Contains("99"));
  REQUIRE_THROWS_WITH(
      loadCocoDataset(coco("bad-category-ref.json"), "", kNames),
      Contains("bad-category-ref.json") && Contains("77"));
  REQUIRE_THROWS_WITH(loadCocoDataset(coco("width-string.json"), "", kNames),
                      Contains("width-string.json") &&
                          Contains("images[0] (id 5)") && Contains("ten"));
  REQUIRE_THROWS_WITH(loadCocoDataset(coco("no-area.json"), "", kNames),
                      Contains("no-area.json") && Contains("'area'"));
  REQUIRE_THROWS_WITH(loadCocoDataset(coco("absent.json"), "", kNames),
                      Contains("absent.json"));
  // Three categories against two names: both counts are in the message.
  REQUIRE_THROWS_WITH(loadCocoDataset(coco("good.json"), "", {"a", "b"}),
                      Contains("good.json") && Contains("3 categories") &&
                          Contains("2 class names"));
}

TEST_CASE("coco: the shared val2017 mini set", "[eval][coco][loader][shared]") {
  SNNC_REQUIRE_SHARED("data/coco-val2017-mini");
  std::vector<std::string> names =
      readClassNames(test::sharedPath("darknet/coco.names"));
  Dataset d = loadCocoDataset(
      test::sharedPath(
          "data/coco-val2017-mini/annotations/instances_val2017.json"),
      test::sharedPath("data/coco-val2017-mini/val2017"), names);
  REQUIRE(d.images.size() == 158);
  CHECK(d.objectCount() == 1424);
  REQUIRE(d.cocoCategoryIds.size() == 80);
  CHECK(d.cocoCategoryIds.front() == 1);
  CHECK(d.cocoCategoryIds.back() == 90);

  // First image in the file: id 139, 640x426.
  CHECK(d.images[0].cocoId == 139);
  CHECK(d.images[0].width == 640);
  CHECK(d.images[0].height == 426);
  CHECK_THAT(d.images[0].path, Contains("val2017/000000000139.jpg"));

  // The file's first annotation (id 3253): image 22192, category 18, bbox
  // [71.57, 120.67, 144.02, 255.26]. Category 18 is the 17th id (1-11,
  // 13-18), i.e. class 16, which is "dog" in coco.names.
  const ImageRecord *image = nullptr;
  for (const ImageRecord &r : d.images)
    if (r.cocoId == 22192)
      image = &r;
  REQUIRE(image != nullptr);
  REQUIRE_FALSE(image->objects.empty());
  const GroundTruth &gt = image->objects[0];
  CHECK(gt.classId == 16);
  CHECK(names[gt.classId] == "dog");
  CHECK(gt.box.x0 == Approx(71.57));
  CHECK(gt.box.x1 == Approx(71.57 + 144.02));
  CHECK(gt.box.y1 == Approx(120.67 + 255.26));
  CHECK(gt.area == Approx(22775.39455));

  int crowds = 0;
  for (const ImageRecord &r : d.images)
    for (const GroundTruth &o : r.objects)
      crowds += o.crowd;
  CHECK(crowds == 16); // counted with python's json module
}
