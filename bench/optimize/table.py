#!/usr/bin/env python3
"""Prints the benchmark table from optimize reports measured at 1 and 2 threads.

Usage: table.py TITLE REPORT_1_THREAD REPORT_2_THREADS
Each report is a report.json the optimize command wrote; variants are matched by name.
"""
import gzip
import json
import os
import re
import sys


def load(path):
    with open(path) as f:
        return json.load(f)


def fmt_ms(v, key):
    lat = v.get("latencyMillis")
    return "-" if not lat else f"{lat[key]:.2f}"


def gzip_size(report_path, variant):
    """Bytes of the variant's file (kept by --keep-variants) after gzip -9; None when the file is not kept."""
    path = os.path.join(os.path.dirname(report_path), "variants", variant["name"].replace("/", "_") + ".onnx")
    if not os.path.isfile(path):
        return None
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), compresslevel=9))


def main():
    title, one, two = sys.argv[1], load(sys.argv[2]), load(sys.argv[3])
    by_name_two = {v["name"]: v for v in two["variants"]}
    original = next(v for v in one["variants"] if not v["passes"])
    # Percentages are of the float32 .onnx file, also when the run stored variants gzip-compressed.
    base = original.get("uncompressedSizeBytes") or original["sizeBytes"]
    print(f"### {title}")
    print()
    print("| variant | size as stored (bytes) | % of float32 | gzip -9 % | p50 1t (ms) | p99 1t (ms) | p50 2t (ms) | p99 2t (ms) "
          "| accuracy | agreement | note |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for v in one["variants"]:
        w = by_name_two.get(v["name"], {})
        # Errors name files under the work folder; keep the table free of this machine's paths.
        note = re.sub(r"(/[^\s/]+)+/([^\s/]+)", lambda m: os.path.basename(m.group(0)), v.get("error") or "")
        if v["name"] == one.get("selected"):
            note = "selected at 1 thread" + (f"; {note}" if note else "")
        if v["name"] == two.get("selected"):
            note = (note + "; " if note else "") + "selected at 2 threads"
        size = v["sizeBytes"]
        acc = "-" if v.get("accuracy") is None else f"{100 * v['accuracy']:.2f}%"
        agr = "-" if v.get("agreement") is None else f"{100 * v['agreement']:.2f}%"
        pct = "-" if not size else f"{100 * size / base:.1f}%"
        packed = gzip_size(sys.argv[2], v)
        gz = "-" if packed is None else f"{100 * packed / base:.1f}%"
        print(f"| {v['name']} | {size} | {pct} | {gz} | {fmt_ms(v, 'p50')} | {fmt_ms(v, 'p99')} | {fmt_ms(w, 'p50')} "
              f"| {fmt_ms(w, 'p99')} | {acc} | {agr} | {note} |")
    print()
    print(f"1 thread: {one['reason']}")
    print(f"2 threads: {two['reason']}")
    print()


if __name__ == "__main__":
    main()
