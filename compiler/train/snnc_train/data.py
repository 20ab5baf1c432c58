"""Detection data: VOCdevkit and COCO readers, a packed single-file format,
darknet's resize, and batch augmentation on the training device.

A loaded set keeps every image already resized to the network size as uint8
(N x 3 x H x W) and every box as (class, cx, cy, w, h) normalized to the
image, padded into one tensor: a batch is then two index operations and
the augmentation runs on the GPU, so the GPU never waits for the CPU.

Box conventions (as darknet's voc_label.py and snnc's evaluator): a VOC box
xmin..xmax (1-based, inclusive) is the continuous interval
[xmin - 1, xmax - 1] of an image W pixels wide, i.e. cx = ((xmin + xmax)/2 - 1)/W,
w = (xmax - xmin)/W. COCO boxes [x, y, w, h] are continuous already.
"""

import glob
import io
import json
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from multiprocessing import Pool
from typing import List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


class DataError(ValueError):
    pass


@dataclass
class DetectionSet:
    images: torch.Tensor  # uint8 [N, 3, H, W], resized to the network size
    truths: torch.Tensor  # float32 [N, M, 5]: class, cx, cy, w, h; w == 0 pads
    sizes: np.ndarray  # int32 [N, 2]: original width, height
    ids: List[str]
    names: List[str]

    def __len__(self) -> int:
        return self.images.shape[0]

    def to(self, device) -> "DetectionSet":
        return DetectionSet(self.images.to(device), self.truths.to(device),
                            self.sizes, self.ids, self.names)


def names_beside(cfg_path: str) -> List[str]:
    """The *.names files in the cfg's folder (snnc takes the only one)."""
    return sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(cfg_path)),
                                         "*.names")))


def read_names(path: str) -> List[str]:
    with open(path, "r", encoding="utf-8") as f:
        names = [line.strip() for line in f.read().splitlines()]
    while names and not names[-1]:
        names.pop()
    if not names or any(not n for n in names):
        raise DataError(f"{path}: empty class names file or empty line in it")
    return names


def darknet_resize(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """darknet's resize_image (image.c), as runtime/image/Resize.cpp: bilinear
    with corner pixels aligned, horizontally then vertically, in float32.
    image: float32 [H, W, C] in [0, 1]."""
    in_h, in_w = image.shape[:2]
    f32 = np.float32
    w_scale = f32(in_w - 1) / f32(width - 1) if width > 1 else f32(0)
    h_scale = f32(in_h - 1) / f32(height - 1) if height > 1 else f32(0)
    sx = np.arange(width, dtype=f32) * w_scale
    ix = sx.astype(np.int64)
    dx = (sx - ix.astype(f32))[None, :, None]
    ix1 = np.minimum(ix + 1, in_w - 1)
    part = (f32(1) - dx) * image[:, ix] + dx * image[:, ix1]
    part[:, width - 1] = image[:, in_w - 1]
    if in_w == 1:
        part[:] = image[:, :1]
    sy = np.arange(height, dtype=f32) * h_scale
    iy = sy.astype(np.int64)
    dy = (sy - iy.astype(f32))[:, None, None]
    iy1 = np.minimum(iy + 1, in_h - 1)
    out = (f32(1) - dy) * part[iy]
    lower = dy * part[iy1]
    lower[height - 1] = 0  # darknet skips the second term on the last row
    if in_h == 1:
        lower[:] = 0
    return (out + lower).astype(f32)


def load_image(data_or_path, width: int, height: int) -> Tuple[np.ndarray, Tuple[int, int]]:
    """Decodes (RGB) and resizes to the network size; returns uint8 [3, H, W]."""
    source = io.BytesIO(data_or_path) if isinstance(data_or_path, bytes) else data_or_path
    with Image.open(source) as im:
        im = im.convert("RGB")
        size = im.size
        array = np.asarray(im, dtype=np.uint8)
    if array.shape[0] != height or array.shape[1] != width:
        resized = darknet_resize(array.astype(np.float32) / 255, width, height)
        array = np.clip(np.floor(resized * 255 + 0.5), 0, 255).astype(np.uint8)
    return np.ascontiguousarray(array.transpose(2, 0, 1)), size


def _pad_truths(boxes: Sequence[np.ndarray]) -> torch.Tensor:
    m = max([len(b) for b in boxes] + [1])
    out = np.zeros((len(boxes), m, 5), dtype=np.float32)
    for k, b in enumerate(boxes):
        if len(b):
            out[k, :len(b)] = b
    return torch.from_numpy(out)


def _parse_voc_xml(path: str, names: List[str]) -> Tuple[np.ndarray, Tuple[int, int]]:
    root = ET.parse(path).getroot()
    size = root.find("size")
    width, height = int(float(size.find("width").text)), int(float(size.find("height").text))
    rows = []
    for obj in root.iter("object"):
        name = obj.find("name").text.strip()
        if name not in names:
            raise DataError(f"{path}: unknown class '{name}'")
        difficult = obj.find("difficult")
        if difficult is not None and int(difficult.text) == 1:
            continue  # darknet's voc_label.py leaves difficult objects out
        bb = obj.find("bndbox")
        x0, y0, x1, y1 = (float(bb.find(k).text) for k in ("xmin", "ymin", "xmax", "ymax"))
        rows.append([names.index(name), ((x0 + x1) / 2 - 1) / width,
                     ((y0 + y1) / 2 - 1) / height, (x1 - x0) / width, (y1 - y0) / height])
    return np.array(rows, dtype=np.float32).reshape(-1, 5), (width, height)


def voc_folder(root: str) -> str:
    if os.path.isdir(os.path.join(root, "ImageSets")):
        return root
    candidates = [os.path.join(root, d) for d in sorted(os.listdir(root))
                  if os.path.isdir(os.path.join(root, d, "ImageSets"))]
    if len(candidates) != 1:
        raise DataError(f"{root}: expected ImageSets/ or one VOC20xx/ImageSets/ below it")
    return candidates[0]


def voc_split(root: str, split: str) -> List[str]:
    with open(os.path.join(voc_folder(root), "ImageSets", "Main", f"{split}.txt")) as f:
        return [line.split()[0] for line in f if line.strip()]


def _voc_item(args):
    folder, image_id, names, width, height = args
    boxes, size = _parse_voc_xml(os.path.join(folder, "Annotations", image_id + ".xml"), names)
    pixels, _ = load_image(os.path.join(folder, "JPEGImages", image_id + ".jpg"), width, height)
    return pixels, boxes, size


def _map(function, items, workers: int):
    if workers > 1 and len(items) > 64:
        with Pool(workers) as pool:
            return pool.map(function, items, chunksize=32)
    return [function(item) for item in items]


def load_voc(root: str, split: str, names: List[str], width: int, height: int,
             limit: Optional[int] = None, workers: int = 1) -> DetectionSet:
    folder = voc_folder(root)
    ids = voc_split(root, split)[:limit]
    items = _map(_voc_item, [(folder, i, names, width, height) for i in ids], workers)
    return DetectionSet(torch.from_numpy(np.stack([it[0] for it in items])),
                        _pad_truths([it[1] for it in items]),
                        np.array([it[2] for it in items], dtype=np.int32), ids, names)


def _coco_item(args):
    path, boxes, width, height = args
    pixels, size = load_image(path, width, height)
    return pixels, boxes, size


def load_coco(annotations: str, image_dir: str, width: int, height: int,
              limit: Optional[int] = None, workers: int = 1) -> DetectionSet:
    """Classes are the categories by ascending id (as snnc eval --coco)."""
    with open(annotations) as f:
        coco = json.load(f)
    categories = sorted(coco["categories"], key=lambda c: c["id"])
    class_of = {c["id"]: k for k, c in enumerate(categories)}
    images = sorted(coco["images"], key=lambda im: im["id"])[:limit]
    per_image = {im["id"]: [] for im in images}
    for ann in coco["annotations"]:
        if ann["image_id"] in per_image and not ann.get("iscrowd", 0):
            per_image[ann["image_id"]].append(ann)
    items = []
    for im in images:
        w, h = im["width"], im["height"]
        rows = [[class_of[a["category_id"]], (a["bbox"][0] + a["bbox"][2] / 2) / w,
                 (a["bbox"][1] + a["bbox"][3] / 2) / h, a["bbox"][2] / w, a["bbox"][3] / h]
                for a in per_image[im["id"]] if a["bbox"][2] > 0 and a["bbox"][3] > 0]
        items.append((os.path.join(image_dir, im["file_name"]),
                      np.array(rows, dtype=np.float32).reshape(-1, 5), width, height))
    loaded = _map(_coco_item, items, workers)
    return DetectionSet(torch.from_numpy(np.stack([it[0] for it in loaded])),
                        _pad_truths([it[1] for it in loaded]),
                        np.array([it[2] for it in loaded], dtype=np.int32),
                        [str(im["id"]) for im in images], [c["name"] for c in categories])


# -- packed single file ---------------------------------------------------
# One .npz holding the images already resized to the network size as JPEG
# bytes, plus boxes, original sizes, ids and names: a set that travels as one
# small file (the GPU machine gets only the repository and what is carried).
PACK_QUALITY = 90  # default; pack.py --quality


def _pack_item(args):
    folder, image_id, names, width, height, quality = args
    pixels, boxes, size = _voc_item((folder, image_id, names, width, height))
    buffer = io.BytesIO()
    Image.fromarray(pixels.transpose(1, 2, 0)).save(buffer, "JPEG", quality=quality)
    return buffer.getvalue(), boxes, size


def pack_voc(root: str, split: str, names: List[str], width: int, height: int,
             out_path: str, workers: int = 1, limit: Optional[int] = None,
             quality: int = PACK_QUALITY) -> int:
    folder = voc_folder(root)
    ids = voc_split(root, split)[:limit]
    items = _map(_pack_item, [(folder, i, names, width, height, quality) for i in ids],
                 workers)
    jpegs = [it[0] for it in items]
    offsets = np.cumsum([0] + [len(j) for j in jpegs]).astype(np.int64)
    box_offsets = np.cumsum([0] + [len(it[1]) for it in items]).astype(np.int64)
    np.savez(out_path,
             jpeg=np.frombuffer(b"".join(jpegs), dtype=np.uint8), jpeg_offsets=offsets,
             boxes=np.concatenate([it[1] for it in items]).astype(np.float32),
             box_offsets=box_offsets,
             sizes=np.array([it[2] for it in items], dtype=np.int32),
             ids=np.array(ids), names=np.array(names),
             net_size=np.array([width, height], dtype=np.int32))
    return len(ids)


def _unpack_item(data: bytes):
    with Image.open(io.BytesIO(data)) as im:
        return np.ascontiguousarray(np.asarray(im.convert("RGB"), dtype=np.uint8).transpose(2, 0, 1))


def load_packed(path: str, width: int, height: int, workers: int = 1,
                limit: Optional[int] = None) -> DetectionSet:
    pack = np.load(path, allow_pickle=False)
    if tuple(pack["net_size"]) != (width, height):
        raise DataError(f"{path}: packed at {tuple(pack['net_size'])}, "
                        f"the network takes {(width, height)}")
    offsets, jpeg = pack["jpeg_offsets"], pack["jpeg"]
    n = len(offsets) - 1 if limit is None else min(limit, len(offsets) - 1)
    blobs = [jpeg[offsets[k]:offsets[k + 1]].tobytes() for k in range(n)]
    pixels = _map(_unpack_item, blobs, workers)
    bo, boxes = pack["box_offsets"], pack["boxes"]
    return DetectionSet(torch.from_numpy(np.stack(pixels)),
                        _pad_truths([boxes[bo[k]:bo[k + 1]] for k in range(n)]),
                        pack["sizes"][:n], [str(i) for i in pack["ids"][:n]],
                        [str(x) for x in pack["names"]])


# -- augmentation (runs where the batch is: GPU or CPU) ----------------------
_RGB_TO_YIQ = torch.tensor([[0.299, 0.587, 0.114],
                            [0.596, -0.274, -0.322],
                            [0.211, -0.523, 0.312]])
_YIQ_TO_RGB = torch.linalg.inv(_RGB_TO_YIQ)


def _rand_scale(n: int, s: float, gen: torch.Generator, device) -> torch.Tensor:
    # darknet's rand_scale: a factor in [1, s], inverted half of the time.
    u = torch.rand(n, generator=gen, device=device) * (s - 1) + 1
    flip = torch.rand(n, generator=gen, device=device) < 0.5
    return torch.where(flip, 1 / u, u)


def augment(images: torch.Tensor, truths: torch.Tensor, gen: torch.Generator,
            jitter: float = 0.2, flip: bool = True, hue: float = 0.1,
            saturation: float = 1.5, exposure: float = 1.5):
    """darknet-style augmentation of a batch: random crop/stretch by up to
    `jitter` of each side (outside the image filled with grey 0.5), random
    horizontal flip, and colour jitter (hue rotation, saturation and exposure
    scaling, done in YIQ space rather than HSV: cheaper on a batch, same
    intent). images: uint8 [B, 3, H, W]; truths [B, M, 5]. Returns float
    images in [0, 1] and transformed truths (boxes leaving the image are
    clipped; those left under 0.5% of a side become padding)."""
    dev = images.device
    B = images.shape[0]
    x = images.float() / 255
    d = (torch.rand(B, 4, generator=gen, device=dev) * 2 - 1) * jitter
    left, top, right, bottom = d[:, 0], d[:, 1], 1 - d[:, 2], 1 - d[:, 3]
    mirror = (torch.rand(B, generator=gen, device=dev) < 0.5) if flip else \
        torch.zeros(B, dtype=torch.bool, device=dev)
    sign = torch.where(mirror, -torch.ones_like(left), torch.ones_like(left))
    theta = torch.zeros(B, 2, 3, device=dev)
    theta[:, 0, 0] = (right - left) * sign
    theta[:, 0, 2] = right + left - 1
    theta[:, 1, 1] = bottom - top
    theta[:, 1, 2] = bottom + top - 1
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x - 0.5, grid, mode="bilinear", padding_mode="zeros",
                      align_corners=False) + 0.5

    # Colour: rotate the chroma plane (hue), scale it (saturation), scale all (exposure).
    if hue or saturation > 1 or exposure > 1:
        m = _RGB_TO_YIQ.to(dev)
        yiq = torch.einsum("ij,bjhw->bihw", m, x)
        angle = (torch.rand(B, generator=gen, device=dev) * 2 - 1) * hue * 2 * np.pi
        sat = _rand_scale(B, saturation, gen, dev)
        cos, sin = torch.cos(angle) * sat, torch.sin(angle) * sat
        i, q = yiq[:, 1], yiq[:, 2]
        i, q = cos.view(B, 1, 1) * i - sin.view(B, 1, 1) * q, sin.view(B, 1, 1) * i + cos.view(B, 1, 1) * q
        yiq = torch.stack([yiq[:, 0], i, q], 1)
        x = torch.einsum("ij,bjhw->bihw", _YIQ_TO_RGB.to(dev), yiq)
        x = x * _rand_scale(B, exposure, gen, dev).view(B, 1, 1, 1)
    x = x.clamp(0, 1)

    t = truths.clone()
    valid = t[:, :, 3] > 0
    x0 = t[:, :, 1] - t[:, :, 3] / 2
    x1 = t[:, :, 1] + t[:, :, 3] / 2
    y0 = t[:, :, 2] - t[:, :, 4] / 2
    y1 = t[:, :, 2] + t[:, :, 4] / 2
    sw = (right - left).view(B, 1)
    sh = (bottom - top).view(B, 1)
    x0, x1 = (x0 - left.view(B, 1)) / sw, (x1 - left.view(B, 1)) / sw
    y0, y1 = (y0 - top.view(B, 1)) / sh, (y1 - top.view(B, 1)) / sh
    m = mirror.view(B, 1)
    x0, x1 = torch.where(m, 1 - x1, x0), torch.where(m, 1 - x0, x1)
    x0, x1, y0, y1 = x0.clamp(0, 1), x1.clamp(0, 1), y0.clamp(0, 1), y1.clamp(0, 1)
    keep = valid & (x1 - x0 > 0.005) & (y1 - y0 > 0.005)
    t[:, :, 1], t[:, :, 2] = (x0 + x1) / 2, (y0 + y1) / 2
    t[:, :, 3], t[:, :, 4] = x1 - x0, y1 - y0
    t[~keep] = 0
    return x, t
