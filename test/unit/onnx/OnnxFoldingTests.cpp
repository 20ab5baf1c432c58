//===- OnnxFoldingTests.cpp - Constant folding of ONNX shape arithmetic ---===//
//
// Expected values are worked out by hand from the ONNX operator definitions.
//
//===----------------------------------------------------------------------===//
#include "compiler/onnx/OnnxConstantFolding.h"
#include "runtime/support/Error.h"
#include "test/unit/onnx/OnnxTestGraphs.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace snnc::onnx;
using snnc::onnx::test::Node;

namespace {

Constant constant(std::vector<int64_t> dims, std::vector<double> values,
                  bool isFloat = false) {
  Constant c;
  c.dims = std::move(dims);
  c.values = std::move(values);
  c.isFloat = isFloat;
  return c;
}

Constant fold(const Node &node, std::vector<const Constant *> inputs) {
  return foldConstant(node.proto, inputs, "test");
}

} // namespace

TEST_CASE("folding: Slice with step -1 reverses rows (PyTorch's pad order)",
          "[onnx]") {
  Constant data = constant({4, 2}, {0, 1, 2, 3, 4, 5, 6, 7});
  Constant starts = constant({1}, {-1});
  Constant ends = constant({1}, {double(std::numeric_limits<int64_t>::min())});
  Constant axes = constant({1}, {0});
  Constant steps = constant({1}, {-1});
  Constant out = fold(Node("Slice", {"d", "s", "e", "a", "t"}, {"y"}),
                      {&data, &starts, &ends, &axes, &steps});
  CHECK(out.dims == std::vector<int64_t>{4, 2});
  CHECK(out.values == std::vector<double>{6, 7, 4, 5, 2, 3, 0, 1});
}

TEST_CASE("folding: Slice with a positive step and clamped ends", "[onnx]") {
  Constant data = constant({6}, {0, 10, 20, 30, 40, 50});
  Constant starts = constant({1}, {1});
  Constant ends = constant({1}, {1000});
  Constant axes = constant({1}, {0});
  Constant steps = constant({1}, {2});
  Constant out = fold(Node("Slice", {"d", "s", "e", "a", "t"}, {"y"}),
                      {&data, &starts, &ends, &axes, &steps});
  CHECK(out.values == std::vector<double>{10, 30, 50});
}

TEST_CASE("folding: Transpose, Concat and Gather", "[onnx]") {
  Constant m = constant({2, 3}, {0, 1, 2, 3, 4, 5});
  Constant t = fold(Node("Transpose", {"m"}, {"y"}), {&m});
  CHECK(t.dims == std::vector<int64_t>{3, 2});
  CHECK(t.values == std::vector<double>{0, 3, 1, 4, 2, 5});

  Constant a = constant({2, 1}, {1, 2});
  Constant b = constant({2, 2}, {3, 4, 5, 6});
  Constant c = fold(Node("Concat", {"a", "b"}, {"y"}).i("axis", 1), {&a, &b});
  CHECK(c.dims == std::vector<int64_t>{2, 3});
  CHECK(c.values == std::vector<double>{1, 3, 4, 2, 5, 6});

  Constant v = constant({3}, {10, 20, 30});
  Constant idx = constant({2}, {-1, 0});
  Constant g = fold(Node("Gather", {"v", "i"}, {"y"}), {&v, &idx});
  CHECK(g.values == std::vector<double>{30, 10});
  Constant far = constant({1}, {3});
  CHECK_THROWS_WITH(fold(Node("Gather", {"v", "i"}, {"y"}), {&v, &far}),
                    Catch::Contains("index 3 is outside an axis of size 3"));
}

TEST_CASE("folding: Reshape with 0 and -1, Squeeze and Unsqueeze", "[onnx]") {
  Constant data = constant({2, 3}, {1, 2, 3, 4, 5, 6});
  Constant keep = constant({2}, {0, -1});
  CHECK(fold(Node("Reshape", {"d", "s"}, {"y"}), {&data, &keep}).dims ==
        std::vector<int64_t>{2, 3});
  Constant flat = constant({1}, {-1});
  CHECK(fold(Node("Reshape", {"d", "s"}, {"y"}), {&data, &flat}).dims ==
        std::vector<int64_t>{6});
  Constant bad = constant({2}, {4, -1});
  CHECK_THROWS_WITH(fold(Node("Reshape", {"d", "s"}, {"y"}), {&data, &bad}),
                    Catch::Contains("cannot reshape 6 values to [4, 1]"));

  Constant v = constant({3}, {7, 8, 9});
  Constant zero = constant({1}, {0});
  CHECK(fold(Node("Unsqueeze", {"v", "a"}, {"y"}), {&v, &zero}).dims ==
        std::vector<int64_t>{1, 3});
  Constant column = constant({1, 3, 1}, {7, 8, 9});
  CHECK(fold(Node("Squeeze", {"v"}, {"y"}), {&column}).dims ==
        std::vector<int64_t>{3});
}

TEST_CASE("folding: arithmetic broadcasts and integer division truncates",
          "[onnx]") {
  Constant a = constant({2, 1}, {1, 2});
  Constant b = constant({3}, {10, 20, 30});
  Constant sum = fold(Node("Add", {"a", "b"}, {"y"}), {&a, &b});
  CHECK(sum.dims == std::vector<int64_t>{2, 3});
  CHECK(sum.values == std::vector<double>{11, 21, 31, 12, 22, 32});

  Constant n = constant({2}, {7, -7});
  Constant two = constant({}, {2});
  CHECK(fold(Node("Div", {"n", "t"}, {"y"}), {&n, &two}).values ==
        std::vector<double>{3, -3});

  Constant f = constant({2}, {2.7, -2.7}, true);
  Constant i = fold(Node("Cast", {"f"}, {"y"}).i("to", 7), {&f}); // INT64
  CHECK(i.values == std::vector<double>{2, -2});
  CHECK_FALSE(i.isFloat);
}

TEST_CASE("folding: ConstantOfShape is bounded", "[onnx]") {
  Constant shape = constant({2}, {2, 3});
  Constant zeros = fold(Node("ConstantOfShape", {"s"}, {"y"}), {&shape});
  CHECK(zeros.values == std::vector<double>(6, 0.0));
  Constant huge = constant({1}, {double(int64_t(1) << 40)});
  CHECK_THROWS_WITH(fold(Node("ConstantOfShape", {"s"}, {"y"}), {&huge}),
                    Catch::Contains("exceeds 1048576 values"));
}
