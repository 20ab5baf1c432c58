"""The training loop behind compiler/train/train.py.

One step: sample a batch (indices into the set held on the device),
augment it there, forward, region loss, backward, optimizer step. The
learning rate warms up (darknet's burn-in: lr (t/warmup)^4) and then
follows a cosine to 5% of its peak. Progress is the larger of the fraction
of iterations done and, with a time limit, the fraction of the time used:
a run given a time budget still anneals and stops cleanly, and exports.

QAT: batch norm is folded into the convolutions, the ceilings lambda are
initialized from activation percentiles of the (folded, float) network on a
few training batches, then weights and ceilings train together.
"""

import json
import math
import time
from dataclasses import dataclass
from typing import Dict, List, Optional

import torch

from .data import DetectionSet, augment
from .loss import region_loss
from .metrics import evaluate
from .model import Darknet


@dataclass
class TrainConfig:
    iterations: int = 1000
    batch: int = 64
    lr: float = 1e-3
    optimizer: str = "adam"  # adam | sgd
    momentum: float = 0.9
    weight_decay: float = 5e-4
    warmup: int = 100
    time_limit: float = 0.0  # seconds; 0 = none
    jitter: float = 0.2
    augment: bool = True
    seed: int = 1
    log_every: int = 50
    eval_every: int = 0  # iterations; 0 = only at the end
    calib_batches: int = 4
    calib_percentile: float = 99.9
    eval_before: bool = False  # validate once before the first step
    grad_clip: float = 10.0


def calibrate_ceilings(model: Darknet, data: DetectionSet, device, batches: int,
                       batch: int, percentile: float, gen: torch.Generator) -> None:
    """Sets each activation quantizer's ceiling to the given percentile of
    the layer's positive pre-activations (per channel, or over the layer),
    measured on the float network (quantizers bypassed)."""
    quantizers = {i: l.act_quant for i, l in model.conv_layers() if l.act_quant is not None}
    samples: Dict[int, List[torch.Tensor]] = {i: [] for i in quantizers}
    saved_levels = model.input_levels
    model.input_levels = 0
    saved_bits = {}
    hooks = []
    for i, layer in model.conv_layers():
        saved_bits[i] = layer.weight_bits
        layer.weight_bits = 0
        if i in quantizers:
            layer.act_quant = None
            # The pre-activation is the conv's output (batch norm is folded).
            hooks.append(layer.conv.register_forward_hook(
                lambda m, inp, out, i=i: samples[i].append(out.detach())))
    model.eval()
    with torch.no_grad():
        for _ in range(batches):
            idx = torch.randint(0, len(data), (min(batch, len(data)),),
                                generator=gen, device=data.images.device)
            x = data.images[idx].float() / 255
            model(x)
    for h in hooks:
        h.remove()
    for i, layer in model.conv_layers():
        layer.weight_bits = saved_bits[i]
        if i in quantizers:
            layer.act_quant = quantizers[i]
    model.input_levels = saved_levels
    model.train()
    for i, q in quantizers.items():
        out = torch.cat(samples[i])  # [N, C, H, W]
        rows = (out.transpose(0, 1).reshape(out.shape[1], -1) if q.ceiling.numel() > 1
                else out.reshape(1, -1))
        values = []
        for row in rows:
            pos = row[row > 0]
            if pos.numel() > 1_000_000:
                pos = pos[torch.randperm(pos.numel(), generator=None, device=pos.device)[:1_000_000]]
            if pos.numel() == 0:
                values.append(float("nan"))
                continue
            k = max(1, int(math.ceil(percentile / 100 * pos.numel())))
            values.append(float(pos.kthvalue(k).values))
        t = torch.tensor(values)
        layer_value = float(torch.nanmedian(t)) if not torch.isnan(t).all() else 1.0
        t = torch.where(torch.isnan(t), torch.full_like(t, layer_value), t).clamp(min=1e-2)
        with torch.no_grad():
            q.ceiling.copy_(t.to(q.ceiling.device))
    model.refresh_input_ceilings()


def _param_groups(model: Darknet, weight_decay: float):
    decay, no_decay, ceilings = [], [], []
    for name, p in model.named_parameters():
        if name.endswith("act_quant.ceiling"):
            ceilings.append(p)
        elif p.dim() == 4:
            decay.append(p)
        else:
            no_decay.append(p)
    return [{"params": decay, "weight_decay": weight_decay},
            {"params": no_decay, "weight_decay": 0.0},
            {"params": ceilings, "weight_decay": 0.0}]


def train(model: Darknet, data: DetectionSet, cfg: TrainConfig, device,
          seen: int = 0, val: Optional[DetectionSet] = None,
          log_path: Optional[str] = None, qat_calibrate: bool = False) -> Dict:
    """Trains in place; returns a summary (losses, last evaluation, seen)."""
    head = model.heads[0]
    history: List[Dict] = []
    gen = torch.Generator(device=data.images.device)
    gen.manual_seed(cfg.seed)
    if qat_calibrate:
        calibrate_ceilings(model, data, device, cfg.calib_batches, cfg.batch,
                           cfg.calib_percentile, gen)
    if val is not None and cfg.eval_before:
        # With QAT: the post-training-quantized network (calibrated ceilings,
        # quantized weights), the baseline that training improves on.
        before = evaluate(model, val, device)
        history.append({"iteration": 0, "val_map07": before["map07"],
                        "val_ap07": before["ap07"]})
        print(f"it      0 val mAP07 {100 * before['map07']:.2f} (before training)", flush=True)
    groups = _param_groups(model, cfg.weight_decay)
    if cfg.optimizer == "sgd":
        opt = torch.optim.SGD(groups, lr=cfg.lr, momentum=cfg.momentum)
    else:
        opt = torch.optim.Adam(groups, lr=cfg.lr)
    log = open(log_path, "a") if log_path else None
    start = time.time()
    model.train()
    iteration = 0
    progress = 0.0
    last_eval = None

    def write(record):
        history.append(record)
        if log:
            log.write(json.dumps(record) + "\n")
            log.flush()

    for record in history:  # the evaluation before training, if any
        if log:
            log.write(json.dumps(record) + "\n")
    while progress < 1.0:
        elapsed = time.time() - start
        progress = iteration / cfg.iterations
        if cfg.time_limit > 0:
            progress = max(progress, elapsed / cfg.time_limit)
        if progress >= 1.0:
            break
        if iteration < cfg.warmup:
            lr = cfg.lr * ((iteration + 1) / cfg.warmup) ** 4
        else:
            lr = cfg.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))
        for g in opt.param_groups:
            g["lr"] = lr
        idx = torch.randint(0, len(data), (cfg.batch,), generator=gen,
                            device=data.images.device)
        images, truths = data.images[idx], data.truths[idx]
        if cfg.augment:
            x, truths = augment(images, truths, gen, jitter=cfg.jitter)
        else:
            x = images.float() / 255
        x, truths = x.to(device, non_blocking=True), truths.to(device, non_blocking=True)
        loss, stats = region_loss(model(x)[0], truths, head, seen)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        opt.step()
        with torch.no_grad():
            for _, layer in model.conv_layers():
                if layer.act_quant is not None:
                    layer.act_quant.ceiling.clamp_(min=1e-2)
        seen += cfg.batch
        iteration += 1
        if iteration % cfg.log_every == 0 or iteration == 1:
            record = {"iteration": iteration, "seen": seen, "lr": lr,
                      "loss": float(loss), "time": round(time.time() - start, 2)}
            record.update({k: round(float(v), 5) for k, v in stats.items()})
            write(record)
            print(f"it {iteration:6d} loss {record['loss']:.4f} (coord {record['coord']:.3f} "
                  f"obj {record['obj']:.3f} cls {record['cls']:.3f}) iou {record['avg_iou']:.3f} "
                  f"recall {record['recall']:.3f} lr {lr:.2e} {record['time']:.0f}s", flush=True)
        if val is not None and cfg.eval_every and iteration % cfg.eval_every == 0:
            last_eval = evaluate(model, val, device)
            write({"iteration": iteration, "val_map07": last_eval["map07"]})
            print(f"it {iteration:6d} val mAP07 {100 * last_eval['map07']:.2f}", flush=True)
    if val is not None:
        if not (cfg.eval_every and iteration % cfg.eval_every == 0 and last_eval):
            last_eval = evaluate(model, val, device)  # else: just evaluated
        write({"iteration": iteration, "val_map07": last_eval["map07"],
               "val_ap07": last_eval["ap07"]})
        print(f"final val mAP07 {100 * last_eval['map07']:.2f} after {iteration} iterations",
              flush=True)
    if log:
        log.close()
    return {"iterations": iteration, "seen": seen, "history": history,
            "eval": last_eval, "time": time.time() - start}

