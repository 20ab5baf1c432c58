"""Darknet .weights files (REFERENCE.md section 3, docs/FORMATS.md).

Little-endian: int32 major, minor, revision; `seen` as int64 when
major*10+minor >= 2, else int32. Then per [convolutional] in cfg order:
biases[f]; if batch_normalize: scales[f], rolling_mean[f], rolling_variance[f];
weights[f][c][k][k].
"""

import struct
from typing import Tuple

import numpy as np
import torch

from .model import Conv, Darknet


class WeightsError(ValueError):
    pass


def _header(data: bytes, path: str) -> Tuple[int, int]:
    """Returns (seen, offset of the first layer)."""
    if len(data) < 12:
        raise WeightsError(f"{path}: truncated header")
    major, minor, _ = struct.unpack_from("<iii", data, 0)
    if major * 10 + minor >= 2:
        if len(data) < 20:
            raise WeightsError(f"{path}: truncated header")
        return struct.unpack_from("<q", data, 12)[0], 20
    if len(data) < 16:
        raise WeightsError(f"{path}: truncated header")
    return struct.unpack_from("<i", data, 12)[0], 16


def load_weights(model: Darknet, path: str) -> int:
    """Loads a darknet .weights file into `model`; returns darknet's `seen`."""
    with open(path, "rb") as f:
        data = f.read()
    seen, offset = _header(data, path)
    floats = np.frombuffer(data, dtype="<f4", offset=offset)
    pos = 0

    def take(n: int, index: int) -> torch.Tensor:
        nonlocal pos
        if pos + n > floats.size:
            raise WeightsError(f"{path}: truncated at layer {index} (needs "
                               f"{n} more floats, {floats.size - pos} left)")
        out = torch.from_numpy(floats[pos:pos + n].astype(np.float32))
        pos += n
        return out

    with torch.no_grad():
        for index, layer in model.conv_layers():
            conv = layer.conv
            f = layer.filters
            biases = take(f, index)
            if layer.bn is not None:
                layer.bn.bias.copy_(biases)
                layer.bn.weight.copy_(take(f, index))
                layer.bn.running_mean.copy_(take(f, index))
                layer.bn.running_var.copy_(take(f, index))
            else:
                conv.bias.copy_(biases)
            conv.weight.copy_(take(conv.weight.numel(), index).view_as(conv.weight))
    if pos != floats.size:
        raise WeightsError(f"{path}: {floats.size - pos} floats left over after "
                           f"the last layer ({pos} expected): cfg/weights mismatch?")
    return int(seen)


def conv_arrays(layer: Conv, quantized: bool):
    """The arrays darknet stores for a conv layer, in order, as float32 numpy."""
    with torch.no_grad():
        if layer.bn is not None:
            bn = layer.bn
            parts = [bn.bias, bn.weight, bn.running_mean, bn.running_var,
                     layer.conv.weight]
        else:
            w, b = (layer.effective_parameters() if quantized
                    else (layer.conv.weight, layer.conv.bias))
            parts = [b, w]
        return [p.detach().float().cpu().numpy().astype("<f4").ravel() for p in parts]


def save_weights(model: Darknet, path: str, seen: int = 0,
                 quantized: bool = True) -> None:
    """Writes version 0.2 (int64 seen). quantized: write the fake-quantized
    weights the network computes with (QAT), not the latent float ones."""
    with open(path, "wb") as f:
        f.write(struct.pack("<iiiq", 0, 2, 0, int(seen)))
        for _, layer in model.conv_layers():
            for array in conv_arrays(layer, quantized):
                f.write(array.tobytes())
