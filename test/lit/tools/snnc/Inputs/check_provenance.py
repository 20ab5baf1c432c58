"""Checks the provenance object of an snnc JSON result against sha256sum's
output (an independent SHA-256) and prints one line per fact for FileCheck.

usage: check_provenance.py RESULT.json SUMS.txt KIND
SUMS.txt: sha256sum lines of the cfg, the weights and the QAT metadata, then
the chip description's YAML (`snnc chip NAME --yaml | sha256sum`).
"""
import json
import re
import sys

result = json.load(open(sys.argv[1]))
sums = [line.split()[0] for line in open(sys.argv[2]) if line.strip()]
p = result["provenance"]
print("tool:", p["tool"])
ok = re.fullmatch(r"\d+\.\d+\.\d+", p["version"]) and p["revision"]
print("version and revision:", "ok" if ok else "BAD")
print("command:", " ".join(["snnc"] + p["command"][1:]))
for name, value in p["options"].items():
    print(f"option {name}: {value}")
model = p["model"]
for key, expected in (("cfg", sums[0]), ("weights", sums[1])):
    print(f"{key} sha256:", "ok" if model[key]["sha256"] == expected else "BAD")
if "qat" in p:
    print("qat sha256:", "ok" if p["qat"]["sha256"] == sums[2] else "BAD")
if "chip" in p:
    print("chip sha256:", "ok" if p["chip"]["sha256"] == sums[3] else "BAD")
if "calibration" in p:
    print("calibration:", p["calibration"])
