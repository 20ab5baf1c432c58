//===- VocDatasetTest.cpp - Loading VOCdevkit folders ---------------------===//

#include "runtime/eval/VocDataset.h"
#include "runtime/eval/ClassNames.h"
#include "runtime/support/Error.h"
#include "test/unit/SharedData.h"
#include "test/unit/eval/EvalTestUtil.h"

#include <catch2/catch.hpp>

using namespace snnc;
using Catch::Matchers::Contains;

namespace {

const std::vector<std::string> kNames = {"cat", "dog"};

std::string annotation(const std::string &id) {
  return test::evalData("voc/VOC2007/Annotations/" + id + ".xml");
}

} // namespace

TEST_CASE("voc: a hand-written annotation", "[eval][voc][loader]") {
  ImageRecord r = parseVocAnnotation(annotation("good"), kNames);
  CHECK(r.width == 100);
  CHECK(r.height == 80);
  REQUIRE(r.objects.size() == 2);
  // " dog " is trimmed; the box keeps VOC's inclusive numbers as written.
  CHECK(r.objects[0].classId == 1);
  CHECK(r.objects[0].difficult);
  CHECK(r.objects[0].box.x0 == 1);
  CHECK(r.objects[0].box.y0 == 2);
  CHECK(r.objects[0].box.x1 == 50);
  CHECK(r.objects[0].box.y1 == 40);
  CHECK(r.objects[0].area == 50 * 39); // (50-1+1) * (40-2+1)
  // No <difficult>: not difficult. xmin == xmax is one pixel wide.
  CHECK(r.objects[1].classId == 0);
  CHECK_FALSE(r.objects[1].difficult);
  CHECK(r.objects[1].area == 1 * 10);
}

TEST_CASE("voc: the fixture split loads from either root",
          "[eval][voc][loader]") {
  for (std::string root :
       {test::evalData("voc"), test::evalData("voc/VOC2007")}) {
    Dataset d = loadVocDataset(root, "good", kNames);
    REQUIRE(d.images.size() == 1);
    CHECK(d.images[0].id == "good");
    CHECK_THAT(d.images[0].path, Contains("VOC2007/JPEGImages/good.jpg"));
    CHECK(d.objectCount() == 2);
    CHECK(d.classNames == kNames);
  }
}

TEST_CASE("voc: malformed annotations name the file and the value",
          "[eval][voc][loader]") {
  REQUIRE_THROWS_AS(parseVocAnnotation(annotation("no-bndbox"), kNames), Error);
  REQUIRE_THROWS_WITH(parseVocAnnotation(annotation("no-bndbox"), kNames),
                      Contains("no-bndbox.xml:3") && Contains("bndbox"));
  REQUIRE_THROWS_WITH(parseVocAnnotation(annotation("bad-coord"), kNames),
                      Contains("bad-coord.xml") && Contains("12abc") &&
                          Contains("xmax"));
  REQUIRE_THROWS_WITH(parseVocAnnotation(annotation("unknown-class"), kNames),
                      Contains("unknown-class.xml") && Contains("unicorn"));
  REQUIRE_THROWS_WITH(parseVocAnnotation(annotation("broken"), kNames),
                      Contains("broken.xml") && Contains("XML error"));
  REQUIRE_THROWS_WITH(parseVocAnnotation(annotation("no-size"), kNames),
                      Contains("no-size.xml") && Contains("size"));
  REQUIRE_THROWS_WITH(parseVocAnnotation(annotation("inverted"), kNames),
                      Contains("inverted.xml") && Contains("xmin=30") &&
                          Contains("xmax=12"));
  REQUIRE_THROWS_WITH(parseVocAnnotation(annotation("bad-difficult"), kNames),
                      Contains("bad-difficult.xml") && Contains("yes"));
  REQUIRE_THROWS_WITH(parseVocAnnotation(annotation("absent"), kNames),
                      Contains("absent.xml"));
}

TEST_CASE("voc: broken splits and folders are errors", "[eval][voc][loader]") {
  std::string root = test::evalData("voc");
  REQUIRE_THROWS_WITH(loadVocDataset(root, "empty", kNames),
                      Contains("empty.txt"));
  REQUIRE_THROWS_WITH(loadVocDataset(root, "nosuchsplit", kNames),
                      Contains("nosuchsplit.txt"));
  REQUIRE_THROWS_WITH(loadVocDataset(root, "missing", kNames),
                      Contains("nothere.xml"));
  REQUIRE_THROWS_WITH(loadVocDataset(root, "bad", kNames),
                      Contains("no-bndbox.xml"));
  REQUIRE_THROWS_WITH(loadVocDataset(test::evalData("nowhere"), "good", kNames),
                      Contains("nowhere"));
}

TEST_CASE("voc: the shared dev set", "[eval][voc][loader][shared]") {
  SNNC_REQUIRE_SHARED("data/voc07-dev");
  std::vector<std::string> names =
      readClassNames(test::sharedPath("darknet/voc.names"));
  // Both the VOCdevkit-style parent and the VOC2007 folder work.
  Dataset d = loadVocDataset(test::sharedPath("data/voc07-dev"), "dev", names);
  REQUIRE(d.images.size() == 500);
  // SOURCES.md says 1,421 boxes; the XML files hold 1,412 <object>s
  // (counted with `cat Annotations/*.xml | grep -o '<object>' | wc -l`).
  CHECK(d.objectCount() == 1412);

  // Annotations/000005.xml: 500x375, five chairs, the first at
  // (263, 211)-(323, 338).
  const ImageRecord &first = d.images.front();
  CHECK(first.id == "000005");
  CHECK_THAT(first.path, Contains("VOC2007/JPEGImages/000005.jpg"));
  CHECK(first.width == 500);
  CHECK(first.height == 375);
  REQUIRE(first.objects.size() == 5);
  CHECK(names[first.objects[0].classId] == "chair");
  CHECK(first.objects[0].box.x0 == 263);
  CHECK(first.objects[0].box.y0 == 211);
  CHECK(first.objects[0].box.x1 == 323);
  CHECK(first.objects[0].box.y1 == 338);

  Dataset same =
      loadVocDataset(test::sharedPath("data/voc07-dev/VOC2007"), "dev", names);
  CHECK(same.objectCount() == d.objectCount());
}

TEST_CASE("voc: the shared train set", "[eval][voc][loader][shared]") {
  SNNC_REQUIRE_SHARED("data/voc07-train");
  std::vector<std::string> names =
      readClassNames(test::sharedPath("darknet/voc.names"));
  Dataset d =
      loadVocDataset(test::sharedPath("data/voc07-train"), "train", names);
  CHECK(d.images.size() == 3506);
  CHECK(d.objectCount() == 10737); // counted with grep as above
}
