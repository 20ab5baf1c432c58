"""Export: darknet MODEL.cfg + MODEL.weights, and MODEL.qat.json in QAT mode.

MODEL.qat.json (schema in docs/QAT.md, read by compiler/calibration/QatMetadata):
  {"format": "snnc-qat", "version": 1, "levels": L, "weight_bits": B,
   "input_levels": L,
   "layers": [{"index": i, "type": "convolutional", "activation": "leaky",
               "ceiling": [lambda per output channel] or lambda}, ...]}
`index` is the darknet layer index (0-based, sections after [net]); one
entry per convolution with a quantized activation, in layer order. A head
convolution (activation "linear", no quantizer) may have an entry too: its
"ceiling" is then the range of |output| per channel on training images
(head_ranges), which spike-count readout needs as the output threshold.
"""

import copy
import json
import os
from typing import Dict, List, Optional

import numpy as np

from .cfg import write_cfg
from .model import Darknet
from .weights import save_weights

QAT_FORMAT = "snnc-qat"
QAT_VERSION = 1


HEAD_PERCENTILE = 99.99  # snnc's default normalization percentile


def head_ranges(model: Darknet, images, percentile: float = HEAD_PERCENTILE,
                batch: int = 32) -> Dict[int, List[float]]:
    """Per detection-head convolution (darknet index of the convolution that
    feeds each region/yolo layer), per output channel: the `percentile` of
    |output| over `images` (uint8 NCHW at the network size), computed by the
    network as it is (quantized activations in QAT mode)."""
    import torch

    convs = {index for index, _ in model.conv_layers()}
    values: Dict[int, List[np.ndarray]] = {}
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    with torch.no_grad():
        for start in range(0, images.shape[0], batch):
            x = images[start:start + batch].to(device).float() / 255.0
            for head, out in zip(model.heads, model(x)):
                if head.layer - 1 not in convs:
                    raise ValueError(f"head layer {head.layer} is not fed by a convolution")
                a = out.abs().transpose(0, 1).reshape(out.shape[1], -1)
                values.setdefault(head.layer - 1, []).append(a.cpu().numpy())
    model.train(was_training)
    return {index: [float(np.format_float_positional(
                np.float32(max(np.percentile(c, percentile), 1e-3)), unique=True))
                    for c in np.concatenate(chunks, axis=1)]
            for index, chunks in values.items()}


def qat_metadata(model: Darknet, ranges: Optional[Dict[int, List[float]]] = None) -> dict:
    """The metadata of a QAT model; `ranges` (head_ranges) adds the heads'
    "linear" entries."""
    model.refresh_input_ceilings()
    layers = []
    levels = weight_bits = 0
    for index, layer in model.conv_layers():
        weight_bits = max(weight_bits, layer.weight_bits)
        q = layer.act_quant
        if q is None:
            continue
        levels = q.levels
        # The shortest decimal that reads back as the same float32: the
        # weights were quantized with exactly these values.
        ceiling = [float(np.format_float_positional(np.float32(v), unique=True))
                   for v in q.ceiling.detach().clamp(min=1e-3).cpu().numpy()]
        layers.append({"index": index, "type": "convolutional",
                       "activation": layer.activation,
                       "ceiling": ceiling if len(ceiling) > 1 else ceiling[0]})
    for index, ceiling in (ranges or {}).items():
        layers.append({"index": index, "type": "convolutional", "activation": "linear",
                       "ceiling": ceiling})
    layers.sort(key=lambda entry: entry["index"])
    return {"format": QAT_FORMAT, "version": QAT_VERSION, "levels": levels,
            "weight_bits": weight_bits, "input_levels": model.input_levels,
            "layers": layers}


def format_metadata(meta: dict) -> str:
    """JSON with one line per layer (readable, diff-friendly)."""
    head = {k: v for k, v in meta.items() if k != "layers"}
    lines = [json.dumps(head)[:-1] + ', "layers": [']
    lines += ["  " + json.dumps(layer) + ("," if k + 1 < len(meta["layers"]) else "")
              for k, layer in enumerate(meta["layers"])]
    lines.append("]}")
    return "\n".join(lines) + "\n"


def export_model(model: Darknet, prefix: str, seen: int = 0,
                 fold_bn: bool = False, names: Optional[List[str]] = None,
                 names_basename: str = "classes.names", range_images=None) -> dict:
    """Writes prefix.cfg, prefix.weights and, in QAT mode, prefix.qat.json
    (with the heads' ranges measured on `range_images`, uint8 NCHW, if given).
    fold_bn: fold batch norm into the convolutions before writing (QAT models
    are always folded). Writes the class names beside them as
    names_basename (snnc finds the only *.names file next to a cfg; models
    sharing a folder and a class list share the file). Returns the paths."""
    os.makedirs(os.path.dirname(os.path.abspath(prefix)), exist_ok=True)
    if fold_bn:
        model = copy.deepcopy(model)
        for _, layer in model.conv_layers():
            layer.fold_batch_norm()
    sections = copy.deepcopy(model.sections)
    for (_, layer), section in zip(model.conv_layers(),
                                   [s for s in sections[1:] if s.name in ("convolutional", "conv")]):
        section.options["batch_normalize"] = "1" if layer.bn is not None else "0"
    paths = {"cfg": prefix + ".cfg", "weights": prefix + ".weights"}
    write_cfg(paths["cfg"], sections)
    save_weights(model, paths["weights"], seen, quantized=True)
    if any(layer.act_quant is not None for _, layer in model.conv_layers()):
        paths["qat"] = prefix + ".qat.json"
        with open(paths["qat"], "w") as f:
            ranges = head_ranges(model, range_images) if range_images is not None else None
            f.write(format_metadata(qat_metadata(model, ranges)))
    if names:
        paths["names"] = os.path.join(os.path.dirname(os.path.abspath(prefix)),
                                      names_basename)
        with open(paths["names"], "w", encoding="utf-8") as f:
            f.write("".join(n + "\n" for n in names))
    return paths


def load_exported(cfg_path: str, weights_path: Optional[str] = None,
                  qat_path: Optional[str] = None) -> Darknet:
    """Rebuilds an exported model: cfg + weights, and with MODEL.qat.json
    (default: beside the cfg, if present) the quantizers and ceilings it
    names. The exported weights are already on the quantization grid, so
    quantizing them again is the identity (up to float rounding): the model
    computes what the trained one did."""
    import torch

    from .cfg import read_cfg
    from .weights import load_weights

    base = cfg_path[:-4] if cfg_path.endswith(".cfg") else cfg_path
    model = Darknet(read_cfg(cfg_path))
    load_weights(model, weights_path or base + ".weights")
    qat_path = qat_path or base + ".qat.json"
    if os.path.exists(qat_path):
        with open(qat_path) as f:
            meta = json.load(f)
        if meta.get("format") != QAT_FORMAT or meta.get("version") != QAT_VERSION:
            raise ValueError(f"{qat_path}: not {QAT_FORMAT} version {QAT_VERSION}")
        ceilings = {entry["index"]: entry["ceiling"] for entry in meta["layers"]}
        per_channel = any(isinstance(c, list) for c in ceilings.values())
        model.enable_qat(meta["levels"], meta["weight_bits"], per_channel)
        model.input_levels = meta["input_levels"]
        for index, layer in model.conv_layers():
            if layer.act_quant is None:
                continue
            if index not in ceilings:
                raise ValueError(f"{qat_path}: no ceiling for layer {index}")
            value = torch.tensor(ceilings[index], dtype=torch.float32).reshape(-1)
            if value.numel() != layer.act_quant.ceiling.numel():
                value = value.expand(layer.act_quant.ceiling.numel()).clone()
            with torch.no_grad():
                layer.act_quant.ceiling.copy_(value)
        model.refresh_input_ceilings()
    return model
