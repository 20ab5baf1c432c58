//===- ClassNamesTest.cpp - Reading darknet .names files ------------------===//

#include "runtime/eval/ClassNames.h"
#include "runtime/support/Error.h"
#include "test/unit/SharedData.h"
#include "test/unit/eval/EvalTestUtil.h"

#include <catch2/catch.hpp>

using namespace snnc;
using Catch::Matchers::Contains;

TEST_CASE("class names: CR, spaces and trailing blank lines are trimmed",
          "[eval][names]") {
  std::vector<std::string> names =
      readClassNames(test::evalData("names/crlf.names"));
  REQUIRE(names == std::vector<std::string>{"cat", "dog", "bird"});
}

TEST_CASE("class names: empty or gapped files are errors", "[eval][names]") {
  REQUIRE_THROWS_AS(readClassNames(test::evalData("names/empty.names")), Error);
  REQUIRE_THROWS_WITH(readClassNames(test::evalData("names/empty.names")),
                      Contains("empty.names"));
  REQUIRE_THROWS_WITH(readClassNames(test::evalData("names/blank.names")),
                      Contains("blank.names"));
  // Line 2 is empty: it would make "dog" class 2 instead of 1.
  REQUIRE_THROWS_WITH(readClassNames(test::evalData("names/gap.names")),
                      Contains("gap.names:2"));
  REQUIRE_THROWS_WITH(readClassNames(test::evalData("names/absent.names")),
                      Contains("absent.names"));
}

TEST_CASE("class names: darknet's voc and coco lists", "[eval][names]") {
  SNNC_REQUIRE_SHARED("darknet/voc.names");
  std::vector<std::string> voc =
      readClassNames(test::sharedPath("darknet/voc.names"));
  REQUIRE(voc.size() == 20);
  CHECK(voc.front() == "aeroplane");
  CHECK(voc.back() == "tvmonitor");
  std::vector<std::string> coco =
      readClassNames(test::sharedPath("darknet/coco.names"));
  REQUIRE(coco.size() == 80);
  CHECK(coco[16] == "dog");
}
