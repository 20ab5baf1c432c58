"""Checks a truenorth compile's IBM and RANC exports against each other and
against the formats' limits (docs/FORMATS.md): the same input spikes in
both (IBM srcTime t = RANC packet list t), RANC tick offsets within 0..14,
every IBM neuron type with an odd initial potential and even thresholds,
weights and leak (potentials stay odd: TrueNorth's V < -beta and RANC's
V <= -beta agree) and no saturation (kappa)."""
import collections
import json
import sys

folder = sys.argv[1]
ibm_times = collections.Counter()
with open(folder + "/ibm/spikes.json") as f:
    lines = f.read().splitlines()
for line in lines[2:]:
    ibm_times[json.loads(line)["spike"]["srcTime"]] += 1

ranc = json.load(open(folder + "/ranc/input.json"))
ranc_times = collections.Counter()
for t, packets in enumerate(ranc["packets"]):
    for p in packets:
        assert p["destination_tick"] == 0, p
        ranc_times[t] += 1
assert ibm_times == ranc_times, (ibm_times, ranc_times)
assert sum(ibm_times.values()) > 0, "no input spikes"

odd = lambda v: v % 2 == 1
model = json.load(open(folder + "/ibm/model.json"))
for t in model["neuronTypes"]:
    assert odd(t["V"]), t
    assert not t["kappa"], t
    for k in ("alpha", "beta", "lambda", "s0", "s1", "s2", "s3"):
        assert t[k] % 2 == 0, (k, t)

for core in ranc["cores"]:
    for n in core["neurons"]:
        assert 0 <= n["destination_tick"] <= 14, n
        assert odd(n["current_potential"]), n
print("spikes", sum(ibm_times.values()), "types", len(model["neuronTypes"]),
      "bus", ranc["output_bus"]["num_outputs"], "ok")
