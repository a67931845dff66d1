"""Where the machine's processor time went while a load ran.

The benchmarks share two cores with the load generator, PostgreSQL, and
whatever else runs on the machine; throughput alone cannot tell these apart.
The server's processor time per request can, so it is printed beside it.
"""

import os
import time
from dataclasses import dataclass

from gunicorn_server import group_stats

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Snapshot:
    """Processor seconds used so far: by the machine, a server, this process."""

    wall: float
    machine: float
    server: float
    generator: float


def take(group: int) -> Snapshot:
    """Processor seconds now, with the server's process group ``group``."""
    return Snapshot(
        wall=time.monotonic(),
        machine=machine_busy(),
        server=group_seconds(group),
        generator=time.process_time(),
    )


def machine_busy() -> float:
    """Seconds every core of the machine has spent busy since it started."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, and waiting for input or output
    return (sum(fields[:8]) - idle) / TICKS


def group_seconds(group: int) -> float:
    """Processor seconds used by the living processes of ``group``."""
    ticks = sum(int(fields[11]) + int(fields[12]) for _, fields in group_stats(group))
    return ticks / TICKS


def describe(before: Snapshot, after: Snapshot, requests: int = 0) -> str:
    """Where the processor time went between two snapshots, per request if given."""
    wall = after.wall - before.wall
    server = after.server - before.server
    generator = after.generator - before.generator
    others = after.machine - before.machine - server - generator
    each = f" ({server / requests * 1000:.1f} ms per request)" if requests else ""
    return (
        f"CPU over {wall:.1f} s on {os.cpu_count()} cores: gunicorn {server:.1f} s"
        f"{each}, load generator {generator:.1f} s,"
        f" everything else {max(others, 0):.1f} s (database server, other programs)"
    )
