#!/usr/bin/env python3
"""Writes ONNX models for snnc's ONNX import tests, from plain PyTorch (not
snnc's trainer) and from hand-built ONNX graphs.

  make_models.py OUT_DIR

OUT_DIR/yolo-lite-torch.onnx    YOLO-LITE's shape (224x224, 7 convolutions
                                16-128-256 with batch norm and leaky ReLU,
                                5 max-pools, 1x1 to 125) as a PyTorch user
                                writes it, exported with its decoding tail
                                (Reshape, Transpose, Sigmoid, Exp, Softmax)
OUT_DIR/yolo-lite-torch.head.cfg  its [region] head for --head
OUT_DIR/yolo-lite-darknet.cfg/.weights  the same network and parameters
                                written here as darknet files (numpy, an
                                independent path through snnc's darknet
                                reader), to compare detections with
OUT_DIR/tiny-v3-torch.onnx      two heads, a route (Concat) and nearest
                                upsampling, heads described in metadata,
                                BatchNormalization nodes kept
OUT_DIR/tiny-v3-folded.onnx     the same with batch norm folded by PyTorch
OUT_DIR/bad-*.onnx              graphs snnc must refuse, one reason each
OUT_DIR/small-valid.onnx        a small graph it accepts (a fuzzing seed)

Exits 77 when PyTorch or onnx is not importable (ctest: skipped).
"""

import os
import sys

try:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    import torch
    import torch.nn as nn
except ImportError as e:  # pragma: no cover
    print(f"make_models.py: skipped: {e} (install python3-torch python3-onnx)")
    sys.exit(77)

VOC_ANCHORS = "1.08,1.19,3.42,4.41,6.63,11.38,9.42,5.11,16.62,10.52"


def conv_bn_leaky(cin, cout):
    return [nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout),
            nn.LeakyReLU(0.1)]


class YoloLite(nn.Module):
    def __init__(self):
        super().__init__()
        layers = []
        cin = 3
        for cout in (16, 32, 64, 128, 128):
            layers += conv_bn_leaky(cin, cout) + [nn.MaxPool2d(2, 2)]
            cin = cout
        layers += conv_bn_leaky(128, 256)
        layers += [nn.Conv2d(256, 125, 1, 1, 0)]
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        y = self.body(x)  # 1 x 125 x 7 x 7
        # The decoding tail a PyTorch user exports (snnc drops it).
        y = y.view(1, 5, 25, 7, 7).permute(0, 1, 3, 4, 2)
        xy = torch.sigmoid(y[..., 0:2])
        wh = torch.exp(y[..., 2:4])
        obj = torch.sigmoid(y[..., 4:5])
        cls = torch.softmax(y[..., 5:], dim=-1)
        return torch.cat([xy, wh, obj, cls], dim=-1)


class TinyV3(nn.Module):
    """Two yolo heads at 13x13 and 26x26 of a 416... scaled to 128 input."""

    def __init__(self):
        super().__init__()
        self.a = nn.Sequential(*conv_bn_leaky(3, 16), nn.MaxPool2d(2, 2),
                               *conv_bn_leaky(16, 32), nn.MaxPool2d(2, 2),
                               *conv_bn_leaky(32, 64))            # 32x32
        self.b = nn.Sequential(nn.MaxPool2d(2, 2), *conv_bn_leaky(64, 128))  # 16x16
        self.head1 = nn.Conv2d(128, 3 * 7, 1)                       # 2 classes
        self.reduce = nn.Sequential(nn.Conv2d(128, 32, 1, bias=False),
                                    nn.BatchNorm2d(32), nn.LeakyReLU(0.1))
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.c = nn.Sequential(*conv_bn_leaky(96, 64))
        self.head2 = nn.Conv2d(64, 3 * 7, 1)

    def forward(self, x):
        a = self.a(x)
        b = self.b(a)
        h1 = self.head1(b)
        r = self.up(self.reduce(b))
        h2 = self.head2(self.c(torch.cat([r, a], dim=1)))
        return h1, h2


def randomize_bn(model, seed):
    g = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.copy_(torch.randn(m.num_features, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.weight.copy_(torch.rand(m.num_features, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.num_features, generator=g) * 0.1)


def export(model, path, size, outputs, metadata=None, fold=True):
    model.eval()
    torch.onnx.export(model, (torch.zeros(1, 3, size, size),), path, opset_version=13,
                      input_names=["image"], output_names=outputs,
                      do_constant_folding=True,
                      training=torch.onnx.TrainingMode.EVAL if fold
                      else torch.onnx.TrainingMode.PRESERVE)
    if metadata:
        proto = onnx.load(path)
        entry = proto.metadata_props.add()
        entry.key, entry.value = "snnc.head", metadata
        onnx.save(proto, path)


def write_darknet(model, prefix, head_cfg):
    """Writes YoloLite as darknet cfg + weights. darknet's batch norm uses
    epsilon 1e-6 and PyTorch's 1e-5: the variance carries the difference."""
    convs = [m for m in model.body if isinstance(m, nn.Conv2d)]
    bns = [m for m in model.body if isinstance(m, nn.BatchNorm2d)]
    lines = ["[net]", "width=224", "height=224", "channels=3", ""]
    blobs = [np.array([0, 2, 0], dtype=np.int32).tobytes(),
             np.array([0], dtype=np.int64).tobytes()]
    for index, conv in enumerate(convs):
        bn = bns[index] if index < len(bns) else None
        lines += ["[convolutional]", f"batch_normalize={int(bn is not None)}",
                  f"filters={conv.out_channels}", f"size={conv.kernel_size[0]}",
                  "stride=1", f"pad={int(conv.padding[0] > 0)}",
                  "activation=" + ("leaky" if bn is not None else "linear"), ""]
        if bn is not None:
            params = [bn.bias, bn.weight, bn.running_mean,
                      bn.running_var + (bn.eps - 1e-6)]
        else:
            params = [conv.bias]
        for p in params + [conv.weight]:
            blobs.append(p.detach().numpy().astype(np.float32).tobytes())
        if index < 5:
            lines += ["[maxpool]", "size=2", "stride=2", ""]
    with open(prefix + ".cfg", "w") as f:
        f.write("\n".join(lines) + "\n" + head_cfg)
    with open(prefix + ".weights", "wb") as f:
        f.write(b"".join(blobs))


def tensor(name, array):
    return numpy_helper.from_array(np.asarray(array, dtype=np.float32), name)


def bad_model(path, nodes, inits, outputs, head=True, extra_inputs=()):
    """A small hand-built graph: image 1x3x8x8 -> conv c0 (4 filters) -> ..."""
    rng = np.random.default_rng(0)
    inits = [tensor("w0", rng.standard_normal((4, 3, 3, 3))),
             tensor("b0", np.zeros(4))] + inits
    nodes = [helper.make_node("Conv", ["image", "w0", "b0"], ["c0"], name="conv0",
                              pads=[1, 1, 1, 1])] + nodes
    graph = helper.make_graph(
        nodes, "bad", [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, 8, 8])]
        + list(extra_inputs),
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    if head:
        entry = model.metadata_props.add()
        entry.key = "snnc.head"
        entry.value = "[region]\nclasses=1\nnum=1\nanchors=1,1\ncoords=4\n"
    onnx.save(model, path)


def head_conv(src, name="head"):
    """A 1x1 convolution from `src` (4 channels) to the 6-channel head."""
    rng = np.random.default_rng(1)
    return ([helper.make_node("Conv", [src, "wh", "bh"], [name], name="head_conv")],
            [tensor("wh", rng.standard_normal((6, 4, 1, 1))), tensor("bh", np.zeros(6))])


def write_bad_models(out):
    n, i = head_conv("r0")
    bad_model(os.path.join(out, "bad-residual.onnx"),
              [helper.make_node("Relu", ["c0"], ["r0"], name="relu0"),
               helper.make_node("Conv", ["r0", "w1", "b1"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
               helper.make_node("Add", ["c1", "r0"], ["sum"], name="residual")]
              + head_conv("sum")[0],
              [tensor("w1", np.ones((4, 4, 3, 3))), tensor("b1", np.zeros(4))] + head_conv("sum")[1],
              ["head"])
    bad_model(os.path.join(out, "bad-operator.onnx"),
              [helper.make_node("Tanh", ["c0"], ["t0"], name="tanh0")] + head_conv("t0")[0],
              head_conv("t0")[1], ["head"])
    bad_model(os.path.join(out, "bad-silu.onnx"),
              [helper.make_node("Sigmoid", ["c0"], ["s0"], name="sigmoid0"),
               helper.make_node("Mul", ["c0", "s0"], ["m0"], name="silu0")] + head_conv("m0")[0],
              head_conv("m0")[1], ["head"])
    bad_model(os.path.join(out, "bad-pads.onnx"),
              [helper.make_node("Relu", ["c0"], ["r0"], name="relu0"),
               helper.make_node("Conv", ["r0", "wh", "bh"], ["head"], name="head_conv",
                                pads=[0, 0, 1, 1])],
              head_conv("x")[1], ["head"])
    bad_model(os.path.join(out, "bad-resize.onnx"),
              [helper.make_node("Relu", ["c0"], ["r0"], name="relu0"),
               helper.make_node("Resize", ["r0", "", "scales"], ["u0"], name="up0",
                                mode="linear")] + head_conv("u0")[0],
              [tensor("scales", [1, 1, 2, 2])] + head_conv("u0")[1], ["head"])
    bad_model(os.path.join(out, "bad-nohead.onnx"), n, i + [], ["head"], head=False)
    # n reads r0, which does not exist without the Relu: add it.
    bad_model(os.path.join(out, "bad-nohead.onnx"),
              [helper.make_node("Relu", ["c0"], ["r0"], name="relu0")] + n, i, ["head"],
              head=False)
    bad_model(os.path.join(out, "bad-shape.onnx"),
              [helper.make_node("Relu", ["c0"], ["r0"], name="relu0")] + n, i, ["head"])
    # bad-shape: the file declares a wrong shape for r0.
    model = onnx.load(os.path.join(out, "bad-shape.onnx"))
    model.graph.value_info.append(
        helper.make_tensor_value_info("r0", TensorProto.FLOAT, [1, 4, 7, 8]))
    onnx.save(model, os.path.join(out, "bad-shape.onnx"))
    # A small graph snnc accepts (a fuzzing seed): Pad(-inf) + MaxPool, an
    # Add bias, a decoding tail.
    bad_model(os.path.join(out, "small-valid.onnx"),
              [helper.make_node("Add", ["c0", "bias"], ["a0"], name="bias0"),
               helper.make_node("LeakyRelu", ["a0"], ["r0"], name="leaky0", alpha=0.1),
               helper.make_node("Pad", ["r0", "pads", "minf"], ["p0"], name="pad0"),
               helper.make_node("MaxPool", ["p0"], ["m0"], name="pool0",
                                kernel_shape=[2, 2], strides=[1, 1])]
              + head_conv("m0")[0]
              + [helper.make_node("Sigmoid", ["head"], ["s"], name="decode0")],
              [tensor("bias", np.ones((1, 4, 1, 1))),
               numpy_helper.from_array(np.array([0, 0, 0, 0, 0, 0, 1, 1], dtype=np.int64), "pads"),
               tensor("minf", -np.inf)] + head_conv("m0")[1], ["s"])
    with open(os.path.join(out, "not-onnx.onnx"), "wb") as f:
        f.write(b"\x0a\xff\xff\xff\xff\x0f this is not protobuf")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(7)
    lite = YoloLite()
    randomize_bn(lite, 1)
    with torch.no_grad():  # confident scores, so that detections differ
        lite.body[-1].weight.mul_(20)
    export(lite, os.path.join(out, "yolo-lite-torch.onnx"), 224, ["detections"])
    head = (f"[region]\nanchors={VOC_ANCHORS}\n"
            "classes=20\ncoords=4\nnum=5\nsoftmax=1\n")
    with open(os.path.join(out, "yolo-lite-torch.head.cfg"), "w") as f:
        f.write("# YOLO-LITE's VOC head\n" + head)
    write_darknet(lite, os.path.join(out, "yolo-lite-darknet"), head)
    v3 = TinyV3()
    randomize_bn(v3, 2)
    with torch.no_grad():
        v3.head1.weight.mul_(10)
        v3.head2.weight.mul_(10)
    v3_heads = ("[yolo]\nmask=3,4,5\nanchors=10,14,23,27,37,58,81,82,135,169,344,319\n"
                "classes=2\nnum=6\n\n[yolo]\nmask=0,1,2\n"
                "anchors=10,14,23,27,37,58,81,82,135,169,344,319\nclasses=2\nnum=6\n")
    # Batch norm kept as BatchNormalization nodes (epsilon 1e-5), and folded
    # into the convolutions by PyTorch's exporter: two computations of the
    # same network.
    export(v3, os.path.join(out, "tiny-v3-torch.onnx"), 128, ["h1", "h2"],
           metadata=v3_heads, fold=False)
    export(v3, os.path.join(out, "tiny-v3-folded.onnx"), 128, ["h1", "h2"],
           metadata=v3_heads, fold=True)
    write_bad_models(out)
    print(f"make_models.py: wrote models to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
