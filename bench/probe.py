"""Benchmark of the endpoint probe against local gateway imitations (not a test).

Three imitations on 127.0.0.1: one answering after 40 ms, one after 120 ms, one that never answers.
Prints, for each healthy endpoint, the measured median against the injected latency (should be
within 10 %), the ranking and recommendation, and how long after the start each result was
delivered compared with how long that endpoint's own probing took (should be ≤ 1.2×: a fast
endpoint is not held back by slow or hanging ones).

Run from the repository root: ``.venv/bin/python bench/probe.py [--timeout 3] [--samples 5]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.endpoints import Endpoint
from app.core.net.probe import ProbeResult, probe_endpoints
from tests.gateway import GOOD_KEY, GatewayImitation

INJECTED_MS = {"fast": 40.0, "slow": 120.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--timeout", type=float, default=3.0, help="total probe budget, seconds")
    parser.add_argument("--samples", type=int, default=5, help="TTFB samples per endpoint")
    args = parser.parse_args(argv)

    with GatewayImitation() as fast, GatewayImitation() as slow, GatewayImitation() as hung:
        fast.latency_ms = INJECTED_MS["fast"]
        slow.latency_ms = INJECTED_MS["slow"]
        hung.hang_paths.add("/v1/models")
        names = {fast.url: "fast", slow.url: "slow", hung.url: "hung"}
        # The slow one is the catalogue's "recommended" entry: it must not win at 3× the latency.
        catalogue = (Endpoint(slow.url, "Recommended", True), Endpoint(fast.url, "Standard"))

        delivered_at: dict[str, float] = {}
        started = time.monotonic()

        def on_result(result: ProbeResult) -> None:
            delivered_at[result.url] = (time.monotonic() - started) * 1000

        report = probe_endpoints(
            [hung.url, slow.url, fast.url],
            GOOD_KEY,
            timeout=args.timeout,
            samples=args.samples,
            on_result=on_result,
            catalogue=catalogue,
            proxy_env={},
        )
        total_ms = (time.monotonic() - started) * 1000

    failures = 0
    print(f"probe_endpoints: 3 endpoints, {args.samples} samples, budget {args.timeout:.1f} s")
    print(f"returned after {total_ms:.0f} ms\n")
    print(
        f"{'endpoint':<8} {'injected':>9} {'median':>9} {'ratio':>7} {'samples (ms)':<32} verdict"
    )
    for result in report.results:
        name = names[result.url]
        if not result.ok or result.latency_ms is None:
            kind = result.error.kind if result.error else "?"
            print(f"{name:<8} {'-':>9} {'-':>9} {'-':>7} {'':<32} {kind}")
            if name != "hung" or kind != "timeout":
                failures += 1
            continue
        injected = INJECTED_MS[name]
        ratio = result.latency_ms / injected
        within = abs(ratio - 1) <= 0.10
        failures += not within
        shown = ", ".join(f"{s:.1f}" for s in result.samples_ms)
        print(
            f"{name:<8} {injected:>7.0f}ms {result.latency_ms:>7.1f}ms {ratio:>7.3f} {shown:<32} "
            f"{'within 10 %' if within else 'OFF BY MORE THAN 10 %'}"
        )

    ranking = sorted(
        (r for r in report.results if r.ok and r.latency_ms is not None),
        key=lambda r: r.latency_ms or 0.0,
    )
    print("\nranking: " + " < ".join(f"{names[r.url]} ({r.latency_ms:.1f} ms)" for r in ranking))
    recommended = names[report.recommended.url] if report.recommended else "none"
    print(f"recommended: {recommended} (the catalogue's recommended entry is 'slow')")
    failures += recommended != "fast"

    print(f"\n{'endpoint':<8} {'delivered at':>13} {'own probing':>12} {'ratio':>7} verdict")
    for result in report.results:
        name = names[result.url]
        at = delivered_at.get(result.url)
        if at is None:
            print(f"{name:<8} {'never':>13}")
            failures += 1
            continue
        if not result.ok:
            print(
                f"{name:<8} {at:>11.0f}ms {'-':>12} {'-':>7} at the deadline ({args.timeout:.1f} s)"
            )
            continue
        ratio = at / result.duration_ms
        good = ratio <= 1.2
        failures += not good
        print(
            f"{name:<8} {at:>11.0f}ms {result.duration_ms:>10.0f}ms {ratio:>7.3f} "
            f"{'≤ 1.2×' if good else 'HELD BACK'}"
        )
    print("\nOK" if failures == 0 else f"\n{failures} check(s) failed")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
