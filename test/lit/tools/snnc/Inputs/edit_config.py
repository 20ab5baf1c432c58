"""Edits a text configuration (docs/FORMATS.md) with one regular-expression
substitution and writes it with a valid final checksum (the CRC-32 of all
lines before it), so that the reader's value checks, not its checksum,
decide: usage edit_config.py IN OUT PATTERN REPLACEMENT."""
import re
import sys
import zlib

text = open(sys.argv[1]).read()
body = text[:text.rindex("checksum ")]
body = re.sub(sys.argv[3], sys.argv[4], body, count=1, flags=re.M)
open(sys.argv[2], "w").write(body + "checksum %08x\n" % zlib.crc32(body.encode()))
