//===- OnnxTestGraphs.h - Hand-built ONNX protos for tests ------*- C++ -*-===//
#ifndef SNNC_TEST_UNIT_ONNX_ONNXTESTGRAPHS_H
#define SNNC_TEST_UNIT_ONNX_ONNXTESTGRAPHS_H

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace snnc::onnx::test {

inline ::onnx::TensorProto floatTensor(const std::string &name,
                                       std::vector<int64_t> dims,
                                       const std::vector<float> &values) {
  ::onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(::onnx::TensorProto::FLOAT);
  for (int64_t d : dims)
    t.add_dims(d);
  for (float v : values)
    t.add_float_data(v);
  return t;
}

inline ::onnx::TensorProto intTensor(const std::string &name,
                                     std::vector<int64_t> dims,
                                     const std::vector<int64_t> &values) {
  ::onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(::onnx::TensorProto::INT64);
  for (int64_t d : dims)
    t.add_dims(d);
  for (int64_t v : values)
    t.add_int64_data(v);
  return t;
}

/// A node builder: node("Conv", {"x", "w"}, {"y"}).ints("pads", {...}).
struct Node {
  ::onnx::NodeProto proto;
  Node(const std::string &op, std::vector<std::string> inputs,
       std::vector<std::string> outputs, const std::string &name = "") {
    proto.set_op_type(op);
    proto.set_name(name.empty() ? op + "_" + outputs.front() : name);
    for (auto &i : inputs)
      proto.add_input(i);
    for (auto &o : outputs)
      proto.add_output(o);
  }
  Node &ints(const std::string &name, std::vector<int64_t> values) {
    auto *a = proto.add_attribute();
    a->set_name(name);
    a->set_type(::onnx::AttributeProto::INTS);
    for (int64_t v : values)
      a->add_ints(v);
    return *this;
  }
  Node &i(const std::string &name, int64_t value) {
    auto *a = proto.add_attribute();
    a->set_name(name);
    a->set_type(::onnx::AttributeProto::INT);
    a->set_i(value);
    return *this;
  }
  Node &f(const std::string &name, float value) {
    auto *a = proto.add_attribute();
    a->set_name(name);
    a->set_type(::onnx::AttributeProto::FLOAT);
    a->set_f(value);
    return *this;
  }
  Node &s(const std::string &name, const std::string &value) {
    auto *a = proto.add_attribute();
    a->set_name(name);
    a->set_type(::onnx::AttributeProto::STRING);
    a->set_s(value);
    return *this;
  }
};

/// A model with input "image" (1 x c x h x w), the given nodes and
/// initializers, `outputs` as graph outputs, and `head` as its metadata.
inline std::string model(int64_t c, int64_t h, int64_t w,
                         const std::vector<Node> &nodes,
                         const std::vector<::onnx::TensorProto> &inits,
                         const std::vector<std::string> &outputs,
                         const std::string &head, int64_t opset = 13) {
  ::onnx::ModelProto m;
  m.set_ir_version(7);
  auto *op = m.add_opset_import();
  op->set_domain("");
  op->set_version(opset);
  auto *g = m.mutable_graph();
  auto *in = g->add_input();
  in->set_name("image");
  auto *tt = in->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(::onnx::TensorProto::FLOAT);
  for (int64_t d : {int64_t(1), c, h, w})
    tt->mutable_shape()->add_dim()->set_dim_value(d);
  for (const Node &n : nodes)
    *g->add_node() = n.proto;
  for (const auto &t : inits)
    *g->add_initializer() = t;
  for (const auto &o : outputs)
    g->add_output()->set_name(o);
  if (!head.empty()) {
    auto *p = m.add_metadata_props();
    p->set_key("snnc.head");
    p->set_value(head);
  }
  return m.SerializeAsString();
}

} // namespace snnc::onnx::test

#endif // SNNC_TEST_UNIT_ONNX_ONNXTESTGRAPHS_H
