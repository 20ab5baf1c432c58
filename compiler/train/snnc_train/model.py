"""A PyTorch network built from a darknet cfg of the Tiny-YOLO family.

Supported sections are those snnc's importer supports: [convolutional]
(dense, batch_normalize, filters, size, stride, pad/padding, activation
leaky|relu|linear), [maxpool] (darknet's padding: `padding` = size-1 by
default, padding/2 before and the rest after, filled with -inf, so size 2
stride 1 keeps the size by padding right/bottom), [route], [upsample],
[region] and [yolo] (forward only; the loss is the region layer's).

Layer i of the model is darknet layer i (0-based after [net]), which is the
index the weights file, the importer and MODEL.qat.json use.
"""

from dataclasses import dataclass
from typing import Dict, List, Optional

import torch
import torch.nn as nn
import torch.nn.functional as F

from .cfg import Section
from .quant import (ActivationQuantizer, float_activation, quantize_input,
                    quantize_weight)

BN_EPSILON = 1e-6  # darknet's (and snnc's) batch-norm epsilon


class ModelError(ValueError):
    pass


class Conv(nn.Module):
    def __init__(self, in_channels: int, section: Section):
        super().__init__()
        self.filters = section.get_int("filters", 1)
        self.size = section.get_int("size", 1)
        self.stride = section.get_int("stride", 1)
        padding = section.get_int("padding", 0)
        if section.get_int("pad", 0):
            padding = self.size // 2
        self.padding = padding
        if section.get_int("groups", 1) != 1 or section.get_int("dilation", 1) != 1:
            raise ModelError(f"line {section.line}: groups/dilation unsupported")
        self.activation = section.get_str("activation", "logistic")
        if self.activation not in ("leaky", "relu", "linear"):
            raise ModelError(f"line {section.line}: activation "
                             f"'{self.activation}' unsupported (leaky, relu, linear)")
        self.batch_normalize = bool(section.get_int("batch_normalize", 0))
        self.conv = nn.Conv2d(in_channels, self.filters, self.size, self.stride,
                              self.padding, bias=not self.batch_normalize)
        self.bn = (nn.BatchNorm2d(self.filters, eps=BN_EPSILON, momentum=0.03)
                   if self.batch_normalize else None)
        # Set by Darknet.enable_qat().
        self.act_quant: Optional[ActivationQuantizer] = None
        self.weight_bits = 0
        self.register_buffer("input_ceiling", torch.ones(in_channels))

    def fold_batch_norm(self) -> None:
        """Folds BN (running statistics) into the convolution: QAT trains
        the folded weights, which are what the chip stores."""
        if self.bn is None:
            return
        bn, conv = self.bn, self.conv
        gain = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
        folded = nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size,
                           conv.stride, conv.padding, bias=True)
        folded = folded.to(conv.weight.device)
        with torch.no_grad():
            folded.weight.copy_(conv.weight * gain.view(-1, 1, 1, 1))
            folded.bias.copy_(bn.bias - bn.running_mean * gain)
        self.conv, self.bn, self.batch_normalize = folded, None, False

    def effective_parameters(self):
        """(weight, bias) as used in the forward pass (fake-quantized in QAT)."""
        w, b = self.conv.weight, self.conv.bias
        if self.weight_bits and self.bn is None:
            w, b = quantize_weight(w, b, self.input_ceiling, self.weight_bits)
        return w, b

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.weight_bits and self.bn is None:
            w, b = self.effective_parameters()
            y = F.conv2d(x, w, b, self.stride, self.padding)
        else:
            y = self.conv(x)  # a module call: calibration hooks see it
        if self.bn is not None:
            y = self.bn(y)
        if self.act_quant is not None:
            return self.act_quant(y)
        return float_activation(y, self.activation)


class MaxPool(nn.Module):
    def __init__(self, section: Section):
        super().__init__()
        self.stride = section.get_int("stride", 1)
        self.size = section.get_int("size", self.stride)
        self.padding = section.get_int("padding", self.size - 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        before = self.padding // 2
        after = self.padding - before
        if self.padding:
            x = F.pad(x, (before, after, before, after), value=float("-inf"))
        return F.max_pool2d(x, self.size, self.stride)


class Upsample(nn.Module):
    def __init__(self, section: Section):
        super().__init__()
        self.stride = section.get_int("stride", 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.interpolate(x, scale_factor=self.stride, mode="nearest")


@dataclass
class HeadSpec:
    kind: str  # 'region' or 'yolo'
    layer: int
    classes: int
    num: int  # anchors used by this head
    anchors: List[float]  # region: grid units; yolo: pixels (masked)
    coords: int = 4
    softmax: bool = True
    object_scale: float = 5.0
    noobject_scale: float = 1.0
    class_scale: float = 1.0
    coord_scale: float = 1.0
    thresh: float = 0.6
    rescore: bool = False
    bias_match: bool = True


class Darknet(nn.Module):
    def __init__(self, sections: List[Section]):
        super().__init__()
        net = sections[0]
        self.width = net.get_int("width", 416)
        self.height = net.get_int("height", 416)
        self.channels = net.get_int("channels", 3)
        self.sections = sections  # kept for export
        self.layers = nn.ModuleList()
        self.routes: List[Optional[List[int]]] = []
        self.heads: List[HeadSpec] = []
        self.input_levels = 0  # >0: quantize the image (set by enable_qat)
        self.input_quant_enabled = True
        shapes = []  # (c, h, w) per layer output
        c, h, w = self.channels, self.height, self.width
        for index, section in enumerate(sections[1:]):
            kind = section.name
            route = None
            if kind in ("convolutional", "conv"):
                layer = Conv(c, section)
                h = (h + 2 * layer.padding - layer.size) // layer.stride + 1
                w = (w + 2 * layer.padding - layer.size) // layer.stride + 1
                c = layer.filters
            elif kind in ("maxpool", "max"):
                layer = MaxPool(section)
                h = (h + layer.padding - layer.size) // layer.stride + 1
                w = (w + layer.padding - layer.size) // layer.stride + 1
            elif kind == "route":
                route = [r if r >= 0 else index + r for r in section.get_ints("layers")]
                if not route or any(r < 0 or r >= index for r in route):
                    raise ModelError(f"line {section.line}: bad route {route}")
                if len({shapes[r][1:] for r in route}) != 1:
                    raise ModelError(f"line {section.line}: route sizes differ")
                c = sum(shapes[r][0] for r in route)
                h, w = shapes[route[0]][1:]
                layer = nn.Identity()
            elif kind == "upsample":
                layer = Upsample(section)
                h, w = h * layer.stride, w * layer.stride
            elif kind in ("region", "yolo"):
                layer = nn.Identity()
                self.heads.append(self._head(kind, index, section, c))
            else:
                raise ModelError(f"line {section.line}: section [{kind}] unsupported")
            self.layers.append(layer)
            self.routes.append(route)
            shapes.append((c, h, w))
        if not self.heads:
            raise ModelError("the network has no [region] or [yolo] head")
        self.shapes = shapes
        self._keep = {r for route in self.routes if route for r in route}
        self._keep |= {head.layer - 1 for head in self.heads}

    @staticmethod
    def _head(kind: str, index: int, section: Section, channels: int) -> HeadSpec:
        classes = section.get_int("classes", 20)
        anchors = section.get_floats("anchors")
        if kind == "region":
            num = section.get_int("num", 5)
            coords = section.get_int("coords", 4)
            spec = HeadSpec("region", index, classes, num, anchors, coords,
                            bool(section.get_int("softmax", 1)),
                            section.get_float("object_scale", 5),
                            section.get_float("noobject_scale", 1),
                            section.get_float("class_scale", 1),
                            section.get_float("coord_scale", 1),
                            section.get_float("thresh", 0.6),
                            bool(section.get_int("rescore", 0)),
                            bool(section.get_int("bias_match", 1)))
            if len(anchors) != 2 * num:
                raise ModelError(f"line {section.line}: {len(anchors)} anchor values for num={num}")
            expected = num * (coords + 1 + classes)
        else:
            mask = section.get_ints("mask")
            spec = HeadSpec("yolo", index, classes, len(mask),
                            [anchors[2 * m + k] for m in mask for k in (0, 1)])
            expected = len(mask) * (5 + classes)
        if channels != expected:
            raise ModelError(f"line {section.line}: head input has {channels} "
                             f"channels, expected {expected}")
        return spec

    def conv_layers(self):
        return [(i, l) for i, l in enumerate(self.layers) if isinstance(l, Conv)]

    # -- quantization-aware mode ------------------------------------------
    def enable_qat(self, levels: int, weight_bits: int, per_channel: bool = True):
        """Folds batch norm, adds activation quantizers to every leaky/relu
        convolution and weight quantization to every convolution."""
        self.input_levels = levels
        for _, layer in self.conv_layers():
            layer.fold_batch_norm()
            if layer.activation in ("leaky", "relu"):
                q = ActivationQuantizer(layer.filters, levels,
                                        layer.activation == "leaky", per_channel)
                layer.act_quant = q.to(layer.conv.weight.device)
            layer.weight_bits = weight_bits
        self.refresh_input_ceilings()

    def set_activation_quantization(self, enabled: bool) -> None:
        """Switches the activation (and input) quantizers on or off, keeping
        the quantized weights: off, the network computes what `snnc eval`
        computes from the exported files (float activations)."""
        self.input_quant_enabled = enabled
        for _, layer in self.conv_layers():
            if layer.act_quant is not None:
                layer.act_quant.enabled = enabled

    def refresh_input_ceilings(self) -> None:
        """Propagates each layer's output ceilings to the input_ceiling of the
        convolutions it feeds (through max-pools, upsamples and routes)."""
        ceilings: List[torch.Tensor] = []
        device = next(self.parameters()).device
        current = torch.ones(self.channels, device=device)
        for index, layer in enumerate(self.layers):
            route = self.routes[index]
            if route is not None:
                current = torch.cat([ceilings[r] for r in route])
            elif isinstance(layer, Conv):
                layer.input_ceiling.copy_(current)
                current = (layer.act_quant.channel_ceilings(layer.filters)
                           if layer.act_quant is not None
                           else torch.ones(layer.filters, device=device))
            ceilings.append(current)

    def forward(self, x: torch.Tensor) -> List[torch.Tensor]:
        if self.input_levels and self.input_quant_enabled:
            x = quantize_input(x, self.input_levels)
        if any(isinstance(l, Conv) and l.weight_bits for l in self.layers):
            self.refresh_input_ceilings()
        saved: Dict[int, torch.Tensor] = {}
        outputs = []
        for index, layer in enumerate(self.layers):
            route = self.routes[index]
            if route is not None:
                x = torch.cat([saved[r] for r in route], dim=1)
            elif any(h.layer == index for h in self.heads):
                outputs.append(x)  # raw head input: the loss applies sigmoid etc.
            else:
                x = layer(x)
            if index in self._keep:
                saved[index] = x
        return outputs
