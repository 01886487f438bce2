"""Krippendorff's alpha on 5 coders x 1,000,000 units with 10 % missing: ours vs the reference.

The reference is the ``krippendorff`` package (GPL; a development dependency used only as an
oracle and a yardstick, never imported by concierto itself). Both run on the same generated
data in the same process; the script prints one markdown row per level for bench/RESULTS.md:

    | date | machine | data | level | concierto s | reference s | speed-up | same alpha |

Run ``python -m bench.bench_agreement [--units N] [--coders M] [--missing P] [--repeat R]``
(``python -m bench`` runs it with the defaults).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from concierto.measures.agreement import krippendorff_alpha

SEED = 20_240_917
LEVELS = ("interval", "nominal")


def generate(coders: int, units: int, missing: float, seed: int = SEED) -> npt.NDArray[np.float64]:
    """Ratings 1-5: each coder gives a unit's true value 70 % of the time, else a random one."""
    generator = np.random.default_rng(seed)
    truth = generator.integers(1, 6, units)
    noise = generator.integers(1, 6, (coders, units))
    matrix = np.where(generator.random((coders, units)) < 0.7, truth, noise).astype(np.float64)
    matrix[generator.random((coders, units)) < missing] = np.nan
    return matrix


def best_time(function: Callable[[], float | None], repeat: int) -> tuple[float, float | None]:
    """The fastest of ``repeat`` runs (seconds) and the value the function returned."""
    timings: list[float] = []
    value: float | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        value = function()
        timings.append(time.perf_counter() - start)
    return min(timings), value


def _reference() -> Callable[..., float] | None:
    try:
        import krippendorff
    except ImportError:
        return None
    function: Callable[..., float] = krippendorff.alpha
    return function


def main(argv: Sequence[str] | None = None) -> None:
    """Time both implementations on the same data and print the markdown rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--coders", type=int, default=5)
    parser.add_argument("--missing", type=float, default=0.10)
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args([] if argv is None else list(argv))
    matrix = generate(options.coders, options.units, options.missing)
    reference = _reference()
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, " + (
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )
    data = f"{options.coders} coders x {options.units:,} units, {options.missing:.0%} missing"
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    print("| date | machine | data | level | concierto s | reference s | speed-up | same alpha |")
    print("|---|---|---|---|---|---|---|---|")
    for level in LEVELS:

        def ours_alpha(level: str = level) -> float | None:
            return krippendorff_alpha(matrix, level).alpha

        ours_seconds, ours = best_time(ours_alpha, options.repeat)
        if reference is None:
            print(
                f"| {today} | {machine} | {data} | {level} | {ours_seconds:.3f} | "
                "(krippendorff not installed) | | |"
            )
            continue

        def reference_alpha(
            level: str = level, reference: Callable[..., float] = reference
        ) -> float:
            return float(reference(matrix, level_of_measurement=level))

        reference_seconds, theirs = best_time(reference_alpha, options.repeat)
        same = ours is not None and theirs is not None and abs(ours - theirs) <= 1e-9
        print(
            f"| {today} | {machine} | {data} | {level} | {ours_seconds:.3f} | "
            f"{reference_seconds:.3f} | {reference_seconds / ours_seconds:.1f}x | "
            f"{'yes' if same else 'NO'} ({ours:.6f}) |"
        )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
