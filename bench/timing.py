"""Timing pages through the app's test client, shared by the benchmarks."""

import statistics
import time


def timed(client, url: str, runs: int) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds, of ``runs`` requests."""
    if client.get(url).status_code != 200:  # warms up, and checks
        raise SystemExit(f"{url} did not answer 200")
    samples_ms = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        samples_ms.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples_ms), statistics.quantiles(samples_ms, n=20)[-1]
