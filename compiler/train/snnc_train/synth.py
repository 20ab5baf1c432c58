"""Deterministic synthetic detection data in the VOCdevkit layout.

ROOT/VOC2007/JPEGImages/NNNNNN.jpg, ROOT/VOC2007/Annotations/NNNNNN.xml,
ROOT/VOC2007/ImageSets/Main/{train,val,test,trainval}.txt, ROOT/synth.names
(the class list snnc eval needs) and ROOT/synth.json (the parameters).

Six classes of varied shape (circle, square, triangle, star, cross, ring),
each drawn with a random size (10-50% of the image side, log-uniform),
aspect, rotation, colour and texture (solid, stripes, checker, speckle,
gradient), on cluttered backgrounds: colour gradients, low-frequency colour
noise, random strokes and arcs, small irregular polygons (distractors that
are no class), and pixel noise, then JPEG compression. Objects may overlap:
a later object may hide up to 45% of an earlier one, and boxes of two
objects overlap by IoU <= 0.4 (so that NMS at 0.45 can keep both). A box is
the tight box of the whole shape (hidden parts included, as VOC annotates).

Image k is drawn from its own generator seeded with (seed, k): the same seed
gives byte-identical files whatever the number of worker processes (with the
same numpy, Pillow and libjpeg; other versions may round a pixel or a JPEG
coefficient differently, never the boxes' distribution).
"""

import json
import os
from multiprocessing import Pool
from typing import Dict, List, Tuple

import numpy as np
from PIL import Image, ImageDraw

CLASSES = ["circle", "square", "triangle", "star", "cross", "ring"]
GENERATOR_VERSION = 1
SUPERSAMPLE = 4  # shapes are drawn 4x larger and box-filtered: smooth edges
JPEG_QUALITY = 90
# Pillow >= 9.1 names the filters Image.Resampling.X; older ones Image.X.
_RESAMPLING = getattr(Image, "Resampling", Image)


# -- shapes ----------------------------------------------------------------
def _rotate(points: np.ndarray, angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return points @ np.array([[c, s], [-s, c]])


def _polygon(cls: str, rng: np.random.Generator) -> np.ndarray:
    """Unit-radius outline of a polygonal class, rotated."""
    if cls == "square":
        points = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]]) / np.sqrt(2)
        angle = rng.uniform(0, np.pi / 2)
    elif cls == "triangle":
        a = np.pi / 2 + np.arange(3) * 2 * np.pi / 3
        points = np.stack([np.cos(a), np.sin(a)], 1)
        angle = rng.uniform(0, 2 * np.pi)
    elif cls == "star":
        inner = rng.uniform(0.38, 0.5)
        a = np.pi / 2 + np.arange(10) * np.pi / 5
        r = np.where(np.arange(10) % 2 == 0, 1.0, inner)
        points = np.stack([r * np.cos(a), r * np.sin(a)], 1)
        angle = rng.uniform(0, 2 * np.pi)
    elif cls == "cross":
        t = rng.uniform(0.25, 0.38)
        points = np.array([[-t, -1], [t, -1], [t, -t], [1, -t], [1, t], [t, t],
                           [t, 1], [-t, 1], [-t, t], [-1, t], [-1, -t], [-t, -t]])
        angle = rng.uniform(0, np.pi / 2)
    else:
        raise ValueError(cls)
    return _rotate(points, angle)


def shape_alpha(cls: str, size: float, rng: np.random.Generator,
                image_size: int) -> Tuple[np.ndarray, int, int]:
    """Antialiased coverage of one object on an image_size canvas, placed at
    random: returns (alpha [S, S] float32, cx, cy)."""
    aspect = np.exp(rng.uniform(-0.18, 0.18))
    rx, ry = size / 2 * aspect, size / 2 / aspect
    margin = int(np.ceil(max(rx, ry))) + 1
    cx = rng.uniform(margin, image_size - margin)
    cy = rng.uniform(margin, image_size - margin)
    big = image_size * SUPERSAMPLE
    canvas = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(canvas)
    k = SUPERSAMPLE
    if cls in ("circle", "ring"):
        draw.ellipse([(cx - rx) * k, (cy - ry) * k, (cx + rx) * k, (cy + ry) * k], fill=255)
        if cls == "ring":
            hole = rng.uniform(0.5, 0.7)
            draw.ellipse([(cx - rx * hole) * k, (cy - ry * hole) * k,
                          (cx + rx * hole) * k, (cy + ry * hole) * k], fill=0)
    else:
        points = _polygon(cls, rng) * np.array([rx, ry]) + np.array([cx, cy])
        draw.polygon([tuple(p) for p in (points * k).tolist()], fill=255)
    alpha = canvas.resize((image_size, image_size), _RESAMPLING.BOX)
    return np.asarray(alpha, dtype=np.float32) / 255, int(cx), int(cy)


# -- colours and textures ----------------------------------------------------
def _random_colour(rng: np.random.Generator) -> np.ndarray:
    h, s, v = rng.uniform(0, 1), rng.uniform(0.2, 1.0), rng.uniform(0.25, 1.0)
    i = int(h * 6) % 6
    f = h * 6 - int(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    return np.array([(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i])


def _texture(rng: np.random.Generator, c1: np.ndarray, c2: np.ndarray,
             size: int) -> np.ndarray:
    y, x = np.mgrid[0:size, 0:size].astype(np.float32)
    kind = rng.integers(0, 5)
    if kind == 0:  # solid
        mix = np.zeros_like(x)
    elif kind == 1:  # stripes
        angle, period = rng.uniform(0, np.pi), rng.uniform(3, 9)
        mix = (np.sin(2 * np.pi * (x * np.cos(angle) + y * np.sin(angle)) / period) > 0)
    elif kind == 2:  # checker
        period = rng.integers(3, 9)
        mix = ((x // period + y // period) % 2)
    elif kind == 3:  # speckle
        mix = rng.random((size, size)) < rng.uniform(0.15, 0.4)
    else:  # gradient
        angle = rng.uniform(0, 2 * np.pi)
        t = x * np.cos(angle) + y * np.sin(angle)
        mix = (t - t.min()) / max(float(t.max() - t.min()), 1.0)
    mix = np.asarray(mix, dtype=np.float32)[..., None]
    return c1 * (1 - mix) + c2 * mix


def _background(rng: np.random.Generator, size: int) -> np.ndarray:
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size
    angle = rng.uniform(0, 2 * np.pi)
    t = (x * np.cos(angle) + y * np.sin(angle))
    t = ((t - t.min()) / max(float(t.max() - t.min()), 1e-6))[..., None]
    image = _random_colour(rng) * (1 - t) + _random_colour(rng) * t
    # Low-frequency colour noise (blotches), upsampled from a coarse grid.
    cells = int(rng.integers(3, 7))
    coarse = (rng.random((cells, cells, 3)) * 255).astype(np.uint8)
    blotches = np.asarray(Image.fromarray(coarse).resize((size, size), _RESAMPLING.BICUBIC),
                          dtype=np.float32) / 255 - 0.5
    image = image + rng.uniform(0.1, 0.35) * blotches
    return np.clip(image, 0, 1).astype(np.float32)


def _clutter(rng: np.random.Generator, image: np.ndarray) -> np.ndarray:
    """Strokes, arcs and small irregular polygons: edges and colour that are
    no object."""
    size = image.shape[0]
    canvas = Image.fromarray((image * 255).astype(np.uint8))
    draw = ImageDraw.Draw(canvas)
    colour = lambda: tuple(int(v * 255) for v in _random_colour(rng))
    for _ in range(int(rng.integers(3, 13))):
        x0, y0 = rng.uniform(-0.1, 1.1, 2) * size
        x1, y1 = np.array([x0, y0]) + rng.normal(0, 0.3, 2) * size
        width = int(rng.integers(1, 4))
        if rng.random() < 0.6:
            draw.line([x0, y0, x1, y1], fill=colour(), width=width)
        else:
            box = [min(x0, x1), min(y0, y1), max(x0, x1) + 2, max(y0, y1) + 2]
            start = rng.uniform(0, 360)
            draw.arc(box, start, start + rng.uniform(60, 240), fill=colour(), width=width)
    for _ in range(int(rng.integers(0, 4))):
        n = int(rng.integers(5, 10))
        centre = rng.uniform(0.05, 0.95, 2) * size
        radius = rng.uniform(0.03, 0.1) * size * rng.uniform(0.3, 1.0, n)
        a = np.sort(rng.uniform(0, 2 * np.pi, n))
        points = centre + np.stack([radius * np.cos(a), radius * np.sin(a)], 1)
        draw.polygon([tuple(p) for p in points.tolist()], fill=colour())
    return np.asarray(canvas, dtype=np.float32) / 255


# -- one image -------------------------------------------------------------
def _box_iou(a, b) -> float:
    iw = min(a[2], b[2]) - max(a[0], b[0]) + 1
    ih = min(a[3], b[3]) - max(a[1], b[1]) + 1
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    area = lambda r: (r[2] - r[0] + 1) * (r[3] - r[1] + 1)
    return inter / (area(a) + area(b) - inter)


def render(seed: int, index: int, size: int) -> Tuple[np.ndarray, List[Dict]]:
    """Returns (uint8 image [S, S, 3], objects [{name, box (VOC 1-based)}])."""
    rng = np.random.default_rng([seed, index])
    image = _clutter(rng, _background(rng, size))
    objects: List[Dict] = []
    alphas: List[np.ndarray] = []
    visible: List[np.ndarray] = []
    count = int(rng.choice([1, 2, 3, 4, 5], p=[0.2, 0.3, 0.25, 0.15, 0.1]))
    for _ in range(count):
        for _attempt in range(30):
            cls = CLASSES[int(rng.integers(0, len(CLASSES)))]
            extent = size * np.exp(rng.uniform(np.log(0.1), np.log(0.5)))
            alpha, _, _ = shape_alpha(cls, extent, rng, size)
            rows = np.nonzero(alpha.max(1) > 0.5)[0]
            cols = np.nonzero(alpha.max(0) > 0.5)[0]
            if rows.size < 3 or cols.size < 3:
                continue
            box = [int(cols[0]) + 1, int(rows[0]) + 1, int(cols[-1]) + 1, int(rows[-1]) + 1]
            if any(_box_iou(box, o["box"]) > 0.4 for o in objects):
                continue
            # Each earlier object must keep at least 55% of its area visible.
            after = [v * (1 - alpha) for v in visible]
            if any(a.sum() < 0.55 * full.sum() for a, full in zip(after, alphas)):
                continue
            visible = after + [alpha]
            alphas.append(alpha)
            # A colour pair that stands out from the background under the shape.
            local = image[alpha > 0.5].mean(0)
            for _c in range(10):
                c1, c2 = _random_colour(rng), _random_colour(rng)
                if np.abs((c1 + c2) / 2 - local).sum() > 0.3:
                    break
            fill = _texture(rng, c1, c2, size)
            image = image * (1 - alpha[..., None]) + fill * alpha[..., None]
            objects.append({"name": cls, "box": box})
            break
    image = image + rng.normal(0, rng.uniform(0.01, 0.05), image.shape)
    return np.clip(np.floor(image * 255 + 0.5), 0, 255).astype(np.uint8), objects


def annotation_xml(image_id: str, size: int, objects: List[Dict]) -> str:
    lines = ["<annotation>", "  <folder>VOC2007</folder>",
             f"  <filename>{image_id}.jpg</filename>",
             "  <source><database>snnc synthetic shapes</database></source>",
             f"  <size><width>{size}</width><height>{size}</height><depth>3</depth></size>",
             "  <segmented>0</segmented>"]
    for o in objects:
        x0, y0, x1, y1 = o["box"]
        lines += ["  <object>", f"    <name>{o['name']}</name>", "    <pose>Unspecified</pose>",
                  "    <truncated>0</truncated>", "    <difficult>0</difficult>",
                  f"    <bndbox><xmin>{x0}</xmin><ymin>{y0}</ymin>"
                  f"<xmax>{x1}</xmax><ymax>{y1}</ymax></bndbox>", "  </object>"]
    lines.append("</annotation>")
    return "\n".join(lines) + "\n"


def _write_one(args) -> Dict[str, int]:
    folder, seed, index, size = args
    image_id = f"{index:06d}"
    pixels, objects = render(seed, index, size)
    Image.fromarray(pixels).save(os.path.join(folder, "JPEGImages", image_id + ".jpg"),
                                 "JPEG", quality=JPEG_QUALITY)
    with open(os.path.join(folder, "Annotations", image_id + ".xml"), "w") as f:
        f.write(annotation_xml(image_id, size, objects))
    counts = {name: 0 for name in CLASSES}
    for o in objects:
        counts[o["name"]] += 1
    return counts


def generate(root: str, train: int, val: int, test: int, seed: int = 1,
             size: int = 128, workers: int = 1, skip: int = 0) -> Dict[str, int]:
    """Writes the set; returns object counts per class.

    Images are numbered from skip + 1: `skip` = the train + val sizes of a
    full set regenerates that set's test split alone (image k depends only on
    (seed, k)), e.g. the held-out images of a trained model.
    """
    folder = os.path.join(root, "VOC2007")
    for sub in ("JPEGImages", "Annotations", os.path.join("ImageSets", "Main")):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    total = train + val + test
    jobs = [(folder, seed, k, size) for k in range(skip + 1, skip + total + 1)]
    if workers > 1 and total > 32:
        with Pool(workers) as pool:
            results = pool.map(_write_one, jobs, chunksize=16)
    else:
        results = [_write_one(job) for job in jobs]
    ids = [f"{k:06d}" for k in range(skip + 1, skip + total + 1)]
    splits = {"train": ids[:train], "val": ids[train:train + val],
              "test": ids[train + val:], "trainval": ids[:train + val]}
    for name, members in splits.items():
        with open(os.path.join(folder, "ImageSets", "Main", name + ".txt"), "w") as f:
            f.write("".join(i + "\n" for i in members))
    with open(os.path.join(root, "synth.names"), "w") as f:
        f.write("".join(c + "\n" for c in CLASSES))
    counts = {name: sum(r[name] for r in results) for name in CLASSES}
    with open(os.path.join(root, "synth.json"), "w") as f:
        json.dump({"generator": "snnc_train.synth", "version": GENERATOR_VERSION,
                   "seed": seed, "size": size, "skip": skip, "train": train, "val": val,
                   "test": test, "classes": CLASSES, "objects": counts}, f, indent=1)
        f.write("\n")
    return counts
