"""ONNX export of a Darknet model (torch.onnx), readable by `snnc`.

The graph is the network's float forward pass up to the raw head inputs
(what Darknet.forward returns: the loss and snnc apply the region/yolo
decoding themselves). The heads' [region]/[yolo] sections travel in the
model's metadata_props under "snnc.head", so `snnc` needs no --head file.
Quantization-aware models are exported with their quantizers off: the
exported weights are already on the grid, and snnc quantizes activations
itself when it converts.
"""

import copy
from typing import Optional

import torch

from .cfg import format_cfg
from .model import Darknet

HEAD_METADATA_KEY = "snnc.head"
DEFAULT_OPSET = 13


def head_description(model: Darknet) -> str:
    """The [region]/[yolo] sections of the model's cfg, as darknet text."""
    heads = [s for s in model.sections[1:] if s.name in ("region", "yolo")]
    return format_cfg(heads)


def export_onnx(model: Darknet, path: str, opset: int = DEFAULT_OPSET,
                head_outputs: Optional[list] = None) -> str:
    """Writes `model` to `path` as ONNX (opset `opset`, batch 1, NCHW float
    input in [0, 1]) with the head description in its metadata."""
    import onnx

    model = copy.deepcopy(model).cpu().eval()
    model.set_activation_quantization(False)
    for _, layer in model.conv_layers():
        layer.weight_bits = 0  # the weights are exported as they are
    dummy = torch.zeros(1, model.channels, model.height, model.width)
    names = head_outputs or [f"head{i}" for i in range(len(model.heads))]
    # PRESERVE keeps BatchNormalization nodes (eval mode would fold them
    # into the convolutions in float arithmetic of its own): snnc folds them
    # as it folds the darknet files', so both give the same bits.
    torch.onnx.export(model, (dummy,), path, opset_version=opset,
                      input_names=["image"], output_names=names,
                      do_constant_folding=True,
                      training=torch.onnx.TrainingMode.PRESERVE)
    proto = onnx.load(path)
    entry = proto.metadata_props.add()
    entry.key = HEAD_METADATA_KEY
    entry.value = head_description(model)
    onnx.checker.check_model(proto)
    onnx.save(proto, path)
    return path
