"""snnc from Python: compile Tiny-YOLO detectors to spiking networks for
TrueNorth-style chips, run them on the cycle-accurate emulator or a chip
behind the hardware-in-the-loop protocol, and measure mAP and energy.

A thin layer over the C++ libraries the `snnc` tool uses (module
snnc._snnc): the same options, the same checks, the same results. Errors are
snnc.Error (a RuntimeError) with the one-line message `snnc` prints.
docs/PYTHON.md describes the API with a worked example.

    import snnc
    c = snnc.compile("models/snnc-tiny-synth/snnc-tiny-synth.cfg",
                     chip="truenorth-x", out_dir="out/tiny", plots=False)
    r = snnc.run(c.out_dir, voc="synth", split="test", ticks=32)
    print(r.map07, r.dnn)
"""

from . import _snnc
from ._results import CompileResult, EvalResult, RunResult
from ._snnc import (ChipDescription, ChipPort, Error, LocalChip, Network,
                    SocketChip, __version__, chip, chip_profiles, chip_yaml,
                    max_memory, revision, set_max_memory, set_threads)

# Shown as snnc.Error, snnc.Network, ... rather than snnc._snnc.X.
for _type in (ChipDescription, ChipPort, Error, LocalChip, Network,
              SocketChip):
    _type.__module__ = __name__
del _type

__all__ = [
    "ChipDescription", "ChipPort", "CompileResult", "Error", "EvalResult",
    "LocalChip", "Network", "RunResult", "SocketChip", "__version__", "chip",
    "chip_profiles", "chip_yaml", "compile", "evaluate", "max_memory",
    "revision", "run", "set_max_memory", "set_threads",
]


def compile(model, chip="truenorth-x", out_dir="out/compile", **options):
    """`snnc compile MODEL --chip CHIP -o OUT_DIR` (docs/CLI.md).

    model: a darknet .cfg (weights beside it) or an .onnx model. Keywords,
    each the option of the same name with '-' as '_' and the same default:
    weights, head, random_weights, seed, names; calib_images (paths, folders
    or .txt lists), calib_voc, calib_split, calib_count, qat, no_qat (without
    calibration images, MODEL.qat.json beside the cfg is used); norm,
    neuron, decode, percentile, v_init, reset, readout_delay, ticks,
    axon_copies, relay_copies, max_chips, format, export (a list),
    export_image, export_ticks, dump_ir; plots (False: --no-plots), quiet.
    The output folder is replaced whole, as `snnc compile` does.
    Returns a CompileResult.
    """
    return CompileResult(_snnc.compile(model, chip, out_dir, **options))


def run(out_dir, **options):
    """`snnc run OUT_DIR` (docs/CLI.md): a compiled network on a chip.

    Images: images=PATHS (files, folders, .txt lists; detections only), or
    voc=ROOT, split=NAME or coco=JSON, images=DIR (mAP per checkpoint beside
    the DNN's). Keywords as `snnc run`'s options: ticks (64), readout_delay
    (None: the compile's; "auto" or ticks after the latency), checkpoints,
    limit, names, thresh, nms, letterbox, dnn (a model path), no_dnn,
    chip ('local', 'unix:PATH', 'tcp:HOST:PORT'), faults ('drop=0.01,...',
    local only), quiet; pictures_dir (with images=: annotated pictures, as
    `snnc run -o DIR`) and format ('png' or 'jpg').
    Returns a RunResult.
    """
    return RunResult(_snnc.run(out_dir, **options))


def evaluate(model, **options):
    """`snnc eval MODEL` (docs/CLI.md): the DNN's mAP on a set.

    voc=ROOT, split=NAME or coco=JSON, images=DIR; limit, thresh (0.005),
    nms, letterbox, qat (the network as trained), weights, head,
    random_weights, seed, names, fold_bn, quiet.
    Returns an EvalResult.
    """
    return EvalResult(_snnc.evaluate(model, **options))


# `snnc eval`'s name: snnc.eval(...). Only this package's attribute; the
# builtin eval is untouched elsewhere.
eval = evaluate  # noqa: A001
