"""Helpers shared by the plotting scripts plot_compile.py, plot_run.py and
plot_sweep.py (uses Debian's python3-matplotlib); not a script itself.

  InputError  a problem with one input or output file, reported as one line
  load_json   a JSON file whose top level is an object
  field       one field of a JSON object, checked against a type
  save        a figure written atomically as a PNG
  run_main    a script's main(): one-line errors, exit status 1

Importing it selects matplotlib's Agg backend, so that the scripts draw
without a display.
"""
import json
import os
import sys
from pathlib import Path
from typing import Any, Callable

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


class InputError(Exception):
    """A problem with one input or output file, reported as one line."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(f"{path}: {what}")


# ---------------------------------------------------------------- reading


def load_json(path: Path) -> dict:
    try:
        with open(path) as f:
            data = json.load(f)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a folder, not a JSON file") from None
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(path, f"bad JSON: {e}") from None
    if not isinstance(data, dict):
        raise InputError(path, "expected a JSON object at the top level")
    return data


def field(path: Path, obj: dict, key: str, kind: type, where: str = "",
          hint: str = "") -> Any:
    """obj[key] checked against kind (int, float, str, list or dict); where
    names obj inside the file (e.g. 'layers[2].') for the message, and hint
    follows the message of a missing field (e.g. its likely cause)."""
    if key not in obj:
        raise InputError(path, f'missing field "{where}{key}"{hint}')
    value = obj[key]
    # bool is an int to Python but never a valid count or score here.
    ok = (not isinstance(value, bool) and
          (isinstance(value, (int, float)) if kind is float
           else isinstance(value, kind)))
    if not ok:
        names = {int: "an integer", float: "a number", str: "a string",
                 list: "a list", dict: "an object"}
        raise InputError(path, f'field "{where}{key}" is not {names[kind]}')
    return value


# ---------------------------------------------------------------- writing


def save(fig: plt.Figure, out: Path, dpi: float) -> None:
    """Writes to NAME.tmp.png beside out, then renames: an interrupted run
    leaves the previous plot (or none), never a partial one."""
    tmp = out.with_name(out.stem + ".tmp.png")
    try:
        fig.savefig(tmp, dpi=dpi, format="png")
        os.replace(tmp, out)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise InputError(out, f"cannot write: {e.strerror or e}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        plt.close(fig)


# ---------------------------------------------------------------- main


def run_main(prog: str, body: Callable[[], None], done: str) -> int:
    """Runs body, a script's work, and prints done once it has finished;
    returns the exit status. An InputError is one line `PROG: error: ...` on
    stderr, no traceback, and status 1; Ctrl-C is status 130, as in a
    shell."""
    try:
        body()
    except InputError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    print(done)
    return 0
