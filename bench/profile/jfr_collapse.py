#!/usr/bin/python3
"""Turns the execution samples of a JFR recording into collapsed stacks ('frame;frame;... count',
root first, frames as Class.method), the input of breakdown.py. Uses the JDK's `jfr` tool.

  bench/profile/jfr_collapse.py train.jfr > train.collapsed [--thread main]

Record with the settings file beside this script (a Java execution sample every millisecond):
  java -XX:FlightRecorderOptions:stackdepth=256 \\
       -XX:StartFlightRecording=settings=bench/profile/samples.jfc,filename=train.jfr ...
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys


def jfr_tool():
    home = os.environ.get("JAVA_HOME")
    if home and os.path.exists(os.path.join(home, "bin", "jfr")):
        return os.path.join(home, "bin", "jfr")
    found = shutil.which("jfr")
    if not found:
        sys.exit("jfr_collapse: the JDK's jfr tool was not found (set JAVA_HOME or put it on PATH)")
    return found


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file", help="a .jfr recording")
    p.add_argument("--thread", default="", help="only samples of threads whose name contains this")
    a = p.parse_args()
    if not os.path.isfile(a.file):
        sys.exit(f"jfr_collapse: {a.file}: no such file")
    proc = subprocess.run([jfr_tool(), "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", a.file],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        sys.exit(f"jfr_collapse: {a.file}: jfr print failed: {last}")
    events = json.loads(proc.stdout)["recording"]["events"]
    counts = collections.Counter()
    for e in events:
        v = e["values"]
        thread = (v.get("sampledThread") or {}).get("javaName") or ""
        if a.thread and a.thread not in thread:
            continue
        frames = []
        for f in reversed(v["stackTrace"]["frames"]):  # JFR lists the top frame first
            m = f["method"]
            cls = m["type"]["name"].rsplit(".", 1)[-1].replace("/", ".").rsplit(".", 1)[-1]
            frames.append(f"{cls}.{m['name']}")
        if v["stackTrace"].get("truncated"):
            frames.insert(0, "[truncated]")
        counts[";".join(frames)] += 1
    for stack, n in counts.most_common():
        print(f"{stack} {n}")


if __name__ == "__main__":
    main()
