#!/usr/bin/env python3
"""Compares two text chip configurations (network.snncfg.txt) of the same
network compiled twice, e.g. directly and again from its NIR export: every
prototype whose name does not contain --except must be identical (names
aside), and so must every core line (placement, prototypes, routes).

  compare_configs.py A.snncfg.txt B.snncfg.txt --except output
"""

import argparse
import re
import sys


def sections(path):
    """{prototype index: [lines]}, [core lines], {prototype index: name}."""
    protos, cores, names, current = {}, [], {}, None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("prototype "):
            current = len(protos)
            names[current] = line.split('"')[1]
            protos[current] = [re.sub(r'"[^"]*"', '"N"', line)]
        elif line.startswith("core "):
            current = None
            cores.append(line)
        elif current is not None:
            protos[current].append(line)
    return protos, cores, names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("a")
    parser.add_argument("b")
    parser.add_argument("--except", dest="skip", default="output")
    args = parser.parse_args()
    pa, ca, na = sections(args.a)
    pb, cb, _ = sections(args.b)
    if len(pa) != len(pb) or ca != cb:
        print(f"different: {len(pa)} vs {len(pb)} prototypes, cores equal: {ca == cb}")
        return 1
    same = skipped = 0
    for i in pa:
        if args.skip in na[i]:
            skipped += 1
        elif pa[i] != pb[i]:
            print(f"prototype {i} ({na[i]}) differs")
            return 1
        else:
            same += 1
    print(f"{len(ca)} cores identical; {same} prototypes identical, "
          f"{skipped} '{args.skip}' prototypes not compared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
