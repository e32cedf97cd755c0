#!/usr/bin/env python3
"""Deterministic heavily tied survival data for the Cox benchmark (python3 standard library only).

Usage: generate.py OUT.csv [N] [SEED]
Columns: time,status,x1..x10. Covariates are standard normal (6 decimals); the event time is exponential with
hazard 0.12 * exp(x . beta), censoring is uniform on (0, 25), times are rounded to 0.01 (so they are heavily
tied) and floored at 0.01; about 70% of rows are events.
"""
import math
import random
import sys

BETA = [0.2, -0.1, 0.0, 0.2, -0.1, 0.0, 0.2, -0.1, 0.0, 0.2]


def main():
    out = sys.argv[1]
    n = int(float(sys.argv[2])) if len(sys.argv) > 2 else 1_000_000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261126
    rng = random.Random(seed)
    events = 0
    with open(out, "w", newline="\n") as f:
        f.write("time,status," + ",".join(f"x{j + 1}" for j in range(10)) + "\n")
        lines = []
        for _ in range(n):
            x = [rng.gauss(0.0, 1.0) for _ in range(10)]
            eta = sum(b * v for b, v in zip(BETA, x))
            t_event = rng.expovariate(0.12 * math.exp(eta))
            t_censor = rng.uniform(0.0, 25.0)
            status = 1 if t_event <= t_censor else 0
            events += status
            t = max(round(min(t_event, t_censor), 2), 0.01)
            lines.append(f"{t:.2f},{status}," + ",".join(f"{v:.6f}" for v in x))
            if len(lines) == 10000:
                f.write("\n".join(lines) + "\n")
                lines.clear()
        if lines:
            f.write("\n".join(lines) + "\n")
    print(f"wrote {out}: {n} rows, {events} events ({100.0 * events / n:.1f}%)", file=sys.stderr)


if __name__ == "__main__":
    main()
