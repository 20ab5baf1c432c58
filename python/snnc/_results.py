"""Result objects of snnc.compile, snnc.run and snnc.evaluate.

Each keeps the plain data the C++ side returned (dicts and lists shaped as
the `snnc` tool's JSON files) and adds attributes for the figures one
usually wants; nothing here computes a result.
"""

import os


class CompileResult:
    """What snnc.compile wrote into its output folder.

    out_dir: the folder (absolute); report: report.json as a dict (resources
    per layer and in total, the configuration files' SHA-256, provenance);
    report_text: report.txt; files: the files written (relative to out_dir);
    notes: exports skipped and why; stage_seconds: seconds per pipeline
    stage; peak_rss_mb: the process's peak resident memory.
    """

    def __init__(self, raw):
        self.out_dir = raw["out_dir"]
        self.report = raw["report"]
        self.report_text = raw["report_text"]
        self.files = list(raw["files"])
        self.notes = list(raw["notes"])
        self.stage_seconds = dict(raw["stage_seconds"])
        self.peak_rss_mb = raw["peak_rss_mb"]

    @property
    def cores(self):
        return self.report["total"]["cores"]

    @property
    def neurons(self):
        return self.report["total"]["neurons"]

    @property
    def synapses(self):
        return self.report["total"]["synapses"]

    @property
    def chips(self):
        return self.report["chips"]

    @property
    def latency_ticks(self):
        return self.report["latency_ticks"]

    @property
    def config_path(self):
        """The configuration snnc.run loads: binary if written, else text."""
        for name in ("network.snncfg", "network.snncfg.txt"):
            path = os.path.join(self.out_dir, name)
            if os.path.exists(path):
                return path
        return None

    def __repr__(self):
        return (f"<snnc.CompileResult {self.out_dir}: {self.cores} cores on "
                f"{self.chips} chip(s), latency {self.latency_ticks} ticks>")


def _by_ticks(rows, key):
    return {row["ticks"]: row[key] for row in rows if key in row}


class RunResult:
    """What snnc.run measured.

    results: the object `snnc run --json` writes, without its provenance
    (per checkpoint mAP and chip energy, the DNN's mAP, the energy report);
    detections: per image {image, id, width, height, checkpoints: [{ticks,
    detections: [{class, classId, score, box}]}]} (or {image, id, error});
    evaluations: per checkpoint the full VOC/COCO evaluation (per class);
    failed: images that could not be read; energy_report: the energy
    tables `snnc run` prints.
    """

    def __init__(self, raw):
        self.results = raw["results"]
        self.detections = raw["detections"]
        self.evaluations = raw["evaluations"]
        self.failed = list(raw["failed"])
        self.energy_report = raw["energy_report"]

    @property
    def checkpoints(self):
        """The ticks at which the outputs were decoded."""
        for image in self.detections:
            if "checkpoints" in image:
                return [c["ticks"] for c in image["checkpoints"]]
        return [row["ticks"] for row in self.results.get("checkpoints", [])]

    @property
    def map07(self):
        """VOC07 11-point mAP (0..1) per checkpoint: {ticks: mAP}."""
        return _by_ticks(self.results.get("checkpoints", []), "map07")

    @property
    def map_all(self):
        """All-point (VOC2010+) mAP per checkpoint."""
        return _by_ticks(self.results.get("checkpoints", []), "mapAll")

    @property
    def ap50(self):
        """COCO AP50 per checkpoint."""
        return _by_ticks(self.results.get("checkpoints", []), "ap50")

    @property
    def chip_joules(self):
        """Chip energy per image (J) per checkpoint."""
        return {row["ticks"]: row["energy"]["chipJ"]
                for row in self.results.get("checkpoints", [])}

    @property
    def dnn(self):
        """The float DNN's mAP on the same images (None without one)."""
        return self.results.get("dnn")

    @property
    def dnn_as_trained(self):
        """The DNN as trained (QAT-quantized), when compiled with QAT."""
        return self.results.get("dnnAsTrained")

    @property
    def energy(self):
        """The energy report at the run's ticks (per image)."""
        return self.results["energy"]

    def __repr__(self):
        metric = self.map07 or self.ap50
        shown = ", ".join(f"T={t}: {100 * v:.2f}" for t, v in metric.items())
        return (f"<snnc.RunResult {self.results['network']} on "
                f"{self.results['profile']}, {len(self.detections)} images"
                + (f", {shown}" if shown else "") + ">")


class EvalResult:
    """What snnc.evaluate measured: results is the object `snnc eval
    --json` writes without its provenance (map07, mapAll and per class for
    VOC; the 12 COCO numbers for COCO); detections per image {image, id,
    detections: [{class, classId, score, box}]}."""

    def __init__(self, raw):
        self.results = raw["results"]
        self.detections = raw["detections"]

    @property
    def map07(self):
        return self.results.get("map07")

    @property
    def map_all(self):
        return self.results.get("mapAll")

    @property
    def ap50(self):
        return self.results.get("AP50")

    def __repr__(self):
        value = self.map07 if self.map07 is not None else self.ap50
        return (f"<snnc.EvalResult {self.results['model']}: "
                f"{self.results['images']} images, "
                f"{self.results['metric']} {100 * value:.2f}>")
