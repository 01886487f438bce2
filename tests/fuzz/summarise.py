"""Summarise the tally a fuzz run wrote (``CONCIERTO_FUZZ_REPORT``) as a Markdown table for
bench/RESULTS.md: ``python tests/fuzz/summarise.py tally.json``."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import FORMATS


def _shape(message: str) -> str:
    """A message with its paths and numbers blanked, to group refusals of one kind."""
    message = re.sub(r"/\S+/", "…/", message)
    return re.sub(r"\d+", "N", message)[:150]


def summarise(path: Path) -> str:
    """The Markdown summary of one tally file."""
    tally = json.loads(path.read_text("utf-8"))
    lines = [
        f"Run: level {tally['level']}, {tally['seconds']:.0f} s of wall time.",
        "",
        "| format | inputs | runs | refused | accepted | tracebacks | store changed after a"
        " refusal | follow-up commands after a load (not 0) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    examples: list[str] = []
    for fmt, runs in tally["formats"].items():
        commands = len(FORMATS[fmt].commands)  # each input runs every command of its format
        inputs = len({r["name"] for r in runs if r["source"] == "corpus"})
        inputs += sum(1 for r in runs if r["source"] == "hypothesis") // commands
        refused = [r for r in runs if r["exit"] in (1, 2)]
        accepted = [r for r in runs if r["exit"] == 0]
        follow = sum(r["follow_ups"] for r in runs)
        follow_failed = [f for r in runs for f in r["follow_up_failures"]]
        lines.append(
            f"| {fmt} | {inputs} | {len(runs)} | {len(refused)} | {len(accepted)} | "
            f"{sum(r['traceback'] for r in runs)} | {sum(r['store_changed'] for r in runs)} | "
            f"{follow} ({len(follow_failed)}) |"
        )
        common = Counter(_shape(r["message"]) for r in refused).most_common(3)
        examples += [f"- {fmt} ({count}×): `{shape}`" for shape, count in common]
        examples += [f"- {fmt}, after load: `{_shape(f)}`" for f in sorted(set(follow_failed))[:3]]
    return "\n".join([*lines, "", "Most frequent refusals per format:", "", *examples])


if __name__ == "__main__":
    print(summarise(Path(sys.argv[1])))
