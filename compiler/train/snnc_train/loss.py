"""YOLOv2 region loss with darknet's region_layer.c semantics.

For each anchor n of cell (i, j) the head outputs tx, ty, tw, th, to and C
class logits (channel n*(5+C) + k). Predicted box: x = (i + sigmoid(tx))/W,
y = (j + sigmoid(ty))/H, w = exp(tw) anchor_w / W, h = exp(th) anchor_h / H
(anchors in grid units).

darknet computes a `delta` (minus the gradient) per output; this module
builds the loss whose gradient is that delta:
* objectness: every prediction gets noobject_scale * (0 - sigmoid(to)),
  except those whose box overlaps some truth with IoU > thresh (no delta);
* while fewer than 12,800 images have been seen, every prediction is pulled
  towards its anchor at the cell centre with scale 0.01;
* each truth is assigned to the cell holding its centre and to the anchor
  whose shape matches it best (bias_match); there:
  coords: coord_scale (2 - w h) (target - output) on sigmoid(tx), sigmoid(ty),
  tw, th with targets x W - i, y H - j, log(w W / anchor_w), log(h H / anchor_h);
  objectness: object_scale (1 - sigmoid(to)) (rescore: IoU - sigmoid(to));
  classes: class_scale (onehot - softmax), i.e. softmax cross-entropy.
Squared terms carry a factor 1/2 so that their gradient is darknet's delta;
the sum over the batch is divided by the batch size (darknet's update does).
When two truths fall on the same cell and anchor, one of them wins (darknet:
the later one).
"""

from typing import Dict, Tuple

import torch
import torch.nn.functional as F

from .model import HeadSpec


def box_iou_cxcywh(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """IoU between boxes a [..., N, 4] and b [..., M, 4] (cx, cy, w, h) -> [..., N, M]."""
    a0 = a[..., :2] - a[..., 2:] / 2
    a1 = a[..., :2] + a[..., 2:] / 2
    b0 = b[..., :2] - b[..., 2:] / 2
    b1 = b[..., :2] + b[..., 2:] / 2
    lo = torch.max(a0.unsqueeze(-2), b0.unsqueeze(-3))
    hi = torch.min(a1.unsqueeze(-2), b1.unsqueeze(-3))
    inter = (hi - lo).clamp(min=0).prod(-1)
    area_a = a[..., 2:].prod(-1).unsqueeze(-1)
    area_b = b[..., 2:].prod(-1).unsqueeze(-2)
    return inter / (area_a + area_b - inter).clamp(min=1e-12)


def region_loss(output: torch.Tensor, truths: torch.Tensor, head: HeadSpec,
                seen: int) -> Tuple[torch.Tensor, Dict[str, float]]:
    """output: [B, A*(5+C), H, W] raw head input. truths: [B, M, 5] rows
    (class, cx, cy, w, h) normalized to [0, 1]; rows with w <= 0 are padding."""
    if head.kind != "region":
        raise NotImplementedError("only [region] heads can be trained")
    if head.coords != 4:
        raise NotImplementedError("region heads with coords != 4")
    B, _, H, W = output.shape
    A, C = head.num, head.classes
    dev = output.device
    p = output.view(B, A, 5 + C, H, W)
    sx, sy = torch.sigmoid(p[:, :, 0]), torch.sigmoid(p[:, :, 1])
    tw, th = p[:, :, 2], p[:, :, 3]
    obj = torch.sigmoid(p[:, :, 4])
    logits = p[:, :, 5:]  # [B, A, C, H, W]

    anchors = torch.tensor(head.anchors, dtype=output.dtype, device=dev).view(A, 2)
    aw, ah = anchors[:, 0].view(1, A, 1, 1), anchors[:, 1].view(1, A, 1, 1)
    gx = torch.arange(W, device=dev, dtype=output.dtype).view(1, 1, 1, W)
    gy = torch.arange(H, device=dev, dtype=output.dtype).view(1, 1, H, 1)
    with torch.no_grad():
        pred = torch.stack([(gx + sx) / W, (gy + sy) / H,
                            torch.exp(tw.clamp(max=20)) * aw / W,
                            torch.exp(th.clamp(max=20)) * ah / H], dim=-1)  # [B,A,H,W,4]

    valid = truths[:, :, 3] > 0  # [B, M]
    tbox = truths[:, :, 1:5]

    # Objectness: no-object everywhere except where a prediction already
    # overlaps a truth well.
    with torch.no_grad():
        iou = box_iou_cxcywh(pred.view(B, -1, 4), tbox)  # [B, AHW, M]
        iou = iou.masked_fill(~valid.unsqueeze(1), 0)
        best = iou.max(dim=-1).values.view(B, A, H, W) if iou.shape[-1] else \
            torch.zeros(B, A, H, W, device=dev)
    obj_weight = torch.where(best > head.thresh, torch.zeros_like(best),
                             torch.full_like(best, head.noobject_scale))
    obj_target = torch.zeros_like(best)

    # Prior: boxes pulled to their anchors at the cell centre early on.
    coord_weight = torch.full_like(best, 0.01 if seen < 12800 else 0.0)
    tx_t = torch.full_like(best, 0.5)
    ty_t = torch.full_like(best, 0.5)
    tw_t = torch.zeros_like(best)
    th_t = torch.zeros_like(best)
    cls_mask = torch.zeros(B, A, H, W, dtype=torch.bool, device=dev)
    cls_t = torch.zeros(B, A, H, W, dtype=torch.long, device=dev)

    # Statistics stay tensors: converting them here would synchronize the GPU
    # every step; the trainer converts them when it logs.
    zero = output.new_zeros(())
    stats = {"truths": zero, "avg_iou": zero, "recall": zero, "avg_obj": zero,
             "avg_noobj": obj.detach().mean()}
    b_idx, m_idx = valid.nonzero(as_tuple=True)
    if b_idx.numel():
        t = truths[b_idx, m_idx]  # [K, 5]
        cls, cx, cy, w, h = t[:, 0].long(), t[:, 1], t[:, 2], t[:, 3], t[:, 4]
        i = (cx * W).long().clamp(0, W - 1)
        j = (cy * H).long().clamp(0, H - 1)
        # bias_match: the anchor whose shape (centred) best matches the truth.
        shape_t = torch.stack([torch.zeros_like(w), torch.zeros_like(w), w, h], -1)
        shape_a = torch.cat([torch.zeros(A, 2, device=dev, dtype=output.dtype),
                             anchors / torch.tensor([W, H], device=dev, dtype=output.dtype)], -1)
        n = box_iou_cxcywh(shape_t, shape_a).argmax(-1)
        idx = (b_idx, n, j, i)
        coord_weight[idx] = head.coord_scale * (2 - w * h)
        tx_t[idx] = cx * W - i
        ty_t[idx] = cy * H - j
        tw_t[idx] = torch.log(w * W / anchors[n, 0])
        th_t[idx] = torch.log(h * H / anchors[n, 1])
        with torch.no_grad():
            hit = box_iou_cxcywh(pred[idx].unsqueeze(1), t[:, 1:5].unsqueeze(1)).view(-1)
        obj_weight[idx] = head.object_scale
        obj_target[idx] = hit if head.rescore else torch.ones_like(hit)
        cls_mask[idx] = True
        cls_t[idx] = cls
        stats.update(truths=zero + b_idx.numel(), avg_iou=hit.mean(),
                     recall=(hit > 0.5).float().mean(),
                     avg_obj=obj.detach()[idx].mean())

    coord = 0.5 * (coord_weight * ((sx - tx_t) ** 2 + (sy - ty_t) ** 2 +
                                   (tw - tw_t) ** 2 + (th - th_t) ** 2)).sum()
    objectness = 0.5 * (obj_weight * (obj - obj_target) ** 2).sum()
    if cls_mask.any():
        sel = logits.permute(0, 1, 3, 4, 2)[cls_mask]  # [K', C]
        classes = head.class_scale * F.cross_entropy(sel, cls_t[cls_mask],
                                                     reduction="sum")
    else:
        classes = output.sum() * 0
    loss = (coord + objectness + classes) / B
    stats.update(coord=coord.detach() / B, obj=objectness.detach() / B,
                 cls=classes.detach() / B)
    return loss, stats
