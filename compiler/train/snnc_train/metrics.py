"""Region-head decoding, per-class NMS and VOC07 11-point mAP, for monitoring
training (the reference figures come from `snnc eval`). Follows darknet's
validator and runtime/detection + runtime/eval: score = sigmoid(to) *
softmax(c), threshold 0.005, per-class greedy NMS at IoU 0.45, boxes clamped
to the image; VOC matching at IoU > 0.5 with the devkit's +1 areas."""

from typing import Dict, List, Tuple

import numpy as np
import torch

from .data import DetectionSet
from .model import Darknet, HeadSpec


def decode_region(output: torch.Tensor, head: HeadSpec, thresh: float = 0.005):
    """output [B, A*(5+C), H, W] -> per image (boxes [N, 4] as x0,y0,x1,y1 in
    [0, 1], probs [N, C] with values under thresh zeroed), numpy."""
    B, _, H, W = output.shape
    A, C = head.num, head.classes
    p = output.detach().float().view(B, A, 5 + C, H, W)
    anchors = torch.tensor(head.anchors, device=p.device).view(A, 2)
    gx = torch.arange(W, device=p.device).view(1, 1, 1, W)
    gy = torch.arange(H, device=p.device).view(1, 1, H, 1)
    cx = (gx + torch.sigmoid(p[:, :, 0])) / W
    cy = (gy + torch.sigmoid(p[:, :, 1])) / H
    w = torch.exp(p[:, :, 2]) * anchors[:, 0].view(1, A, 1, 1) / W
    h = torch.exp(p[:, :, 3]) * anchors[:, 1].view(1, A, 1, 1) / H
    boxes = torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], -1).clamp(0, 1)
    probs = torch.sigmoid(p[:, :, 4]).unsqueeze(2) * torch.softmax(p[:, :, 5:], dim=2)
    probs = probs.permute(0, 1, 3, 4, 2).reshape(B, -1, C)
    probs = torch.where(probs > thresh, probs, torch.zeros_like(probs))
    boxes = boxes.view(B, -1, 4)
    return [(boxes[b].cpu().numpy(), probs[b].cpu().numpy()) for b in range(B)]


def _iou_one_many(box: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    lo = np.maximum(box[:2], boxes[:, :2])
    hi = np.minimum(box[2:], boxes[:, 2:])
    inter = np.prod(np.clip(hi - lo, 0, None), axis=1)
    area = lambda b: np.prod(np.clip(b[..., 2:] - b[..., :2], 0, None), axis=-1)
    union = area(box) + area(boxes) - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-12), 0)


def nms_detections(boxes: np.ndarray, probs: np.ndarray, nms: float = 0.45):
    """Greedy per-class NMS; returns a list of (class, score, box)."""
    out = []
    for k in range(probs.shape[1]):
        idx = np.nonzero(probs[:, k])[0]
        if idx.size == 0:
            continue
        idx = idx[np.argsort(-probs[idx, k], kind="stable")]
        while idx.size:
            best = idx[0]
            out.append((k, float(probs[best, k]), boxes[best]))
            if idx.size == 1:
                break
            rest = idx[1:]
            idx = rest[_iou_one_many(boxes[best], boxes[rest]) <= nms]
    return out


def voc07_map(detections: List[List[Tuple[int, float, np.ndarray]]],
              dataset: DetectionSet) -> Tuple[float, List[float]]:
    """detections[i]: list of (class, score, box in [0,1]) for image i."""
    C = len(dataset.names)
    truths = dataset.truths.cpu().numpy()
    gt = {}  # (image, class) -> boxes in VOC pixel coordinates
    positives = np.zeros(C, dtype=np.int64)
    per_class = [[] for _ in range(C)]
    for i, dets in enumerate(detections):
        W, H = dataset.sizes[i]
        for row in truths[i]:
            if row[3] <= 0:
                continue
            k = int(row[0])
            box = np.array([(row[1] - row[3] / 2) * W + 1, (row[2] - row[4] / 2) * H + 1,
                            (row[1] + row[3] / 2) * W + 1, (row[2] + row[4] / 2) * H + 1])
            gt.setdefault((i, k), []).append(box)
            positives[k] += 1
        for k, score, box in dets:
            # As darknet's VOC result files: continuous pixels + 1, clamped to [1, W].
            b = np.array([box[0] * W + 1, box[1] * H + 1, box[2] * W + 1, box[3] * H + 1])
            b = np.clip(b, 1, [W, H, W, H])
            per_class[k].append((score, i, b))
    aps = []
    for k in range(C):
        if positives[k] == 0:
            aps.append(float("nan"))
            continue
        dets = sorted(per_class[k], key=lambda d: -d[0])
        used = {key: np.zeros(len(v), dtype=bool) for key, v in gt.items() if key[1] == k}
        tp = np.zeros(len(dets))
        for n, (_, i, b) in enumerate(dets):
            boxes = np.array(gt.get((i, k), np.zeros((0, 4))))
            if boxes.size == 0:
                continue
            iw = np.minimum(b[2], boxes[:, 2]) - np.maximum(b[0], boxes[:, 0]) + 1
            ih = np.minimum(b[3], boxes[:, 3]) - np.maximum(b[1], boxes[:, 1]) + 1
            inter = np.clip(iw, 0, None) * np.clip(ih, 0, None)
            union = ((b[2] - b[0] + 1) * (b[3] - b[1] + 1) +
                     (boxes[:, 2] - boxes[:, 0] + 1) * (boxes[:, 3] - boxes[:, 1] + 1) - inter)
            overlaps = inter / union
            j = int(np.argmax(overlaps))
            if overlaps[j] > 0.5 and not used[(i, k)][j]:
                used[(i, k)][j] = True
                tp[n] = 1
        ctp = np.cumsum(tp)
        recall = ctp / positives[k]
        precision = ctp / np.arange(1, len(dets) + 1)
        ap = 0.0
        for t in np.arange(0, 1.1, 0.1):
            p = precision[recall >= t]
            ap += (p.max() if p.size else 0) / 11
        aps.append(float(ap))
    valid = [a for a in aps if not np.isnan(a)]
    return (float(np.mean(valid)) if valid else 0.0), aps


@torch.no_grad()
def evaluate(model: Darknet, dataset: DetectionSet, device, batch: int = 64,
             thresh: float = 0.005, nms: float = 0.45) -> Dict[str, object]:
    """VOC07 mAP of the model as it computes (quantized when in QAT mode)."""
    was_training = model.training
    model.eval()
    head = model.heads[0]
    detections = []
    for start in range(0, len(dataset), batch):
        x = dataset.images[start:start + batch].to(device).float() / 255
        for boxes, probs in decode_region(model(x)[0], head, thresh):
            detections.append(nms_detections(boxes, probs, nms))
    model.train(was_training)
    mean, aps = voc07_map(detections, dataset)
    return {"map07": mean, "ap07": aps}
