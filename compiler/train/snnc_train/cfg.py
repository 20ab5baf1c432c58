"""Darknet .cfg files: a list of sections, each a name and ordered key=values.

Reading follows darknet's parser.c as snnc's C++ CfgParser does: whitespace
inside a line is dropped, lines starting with '#' or ';' are comments. Values
stay strings; the model builder converts what it uses. Writing emits every
section with its keys in their original order, so a cfg read then written
keeps its training keys (the C++ importer accepts and ignores them).
"""

from dataclasses import dataclass, field
from typing import Dict, List


@dataclass
class Section:
    name: str  # 'net', 'convolutional', 'maxpool', ...
    options: Dict[str, str] = field(default_factory=dict)
    line: int = 0  # line of the [name] header, for error messages

    def get_int(self, key: str, default: int) -> int:
        value = self.options.get(key)
        return default if value is None else int(value)

    def get_float(self, key: str, default: float) -> float:
        value = self.options.get(key)
        return default if value is None else float(value)

    def get_str(self, key: str, default: str) -> str:
        return self.options.get(key, default)

    def get_floats(self, key: str) -> List[float]:
        value = self.options.get(key, "")
        return [float(v) for v in value.split(",") if v != ""]

    def get_ints(self, key: str) -> List[int]:
        value = self.options.get(key, "")
        return [int(v) for v in value.split(",") if v != ""]


class CfgError(ValueError):
    pass


def parse_cfg_text(text: str, path: str = "<cfg>") -> List[Section]:
    sections: List[Section] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = "".join(raw.split())  # darknet strips all whitespace
        if not line or line[0] in "#;":
            continue
        if line[0] == "[":
            if not line.endswith("]"):
                raise CfgError(f"{path}:{number}: malformed section header '{raw}'")
            sections.append(Section(line[1:-1], {}, number))
            continue
        if not sections:
            raise CfgError(f"{path}:{number}: option outside a section")
        if "=" not in line:
            raise CfgError(f"{path}:{number}: expected key=value, got '{raw}'")
        key, value = line.split("=", 1)
        if key in sections[-1].options:
            raise CfgError(f"{path}:{number}: key '{key}' given twice")
        sections[-1].options[key] = value
    if not sections or sections[0].name not in ("net", "network"):
        raise CfgError(f"{path}: the first section must be [net]")
    return sections


def read_cfg(path: str) -> List[Section]:
    with open(path, "r", encoding="utf-8") as f:
        return parse_cfg_text(f.read(), path)


def format_cfg(sections: List[Section]) -> str:
    out = []
    for section in sections:
        out.append(f"[{section.name}]")
        for key, value in section.options.items():
            out.append(f"{key}={value}")
        out.append("")
    return "\n".join(out)


def write_cfg(path: str, sections: List[Section]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(format_cfg(sections))
