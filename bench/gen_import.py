#!/usr/bin/env python3
"""Generate a synthetic frab schedule JSON ("schedule 2.0", as pretalx writes it) for the import
benchmark (bench/import.sh, docs/benchmarks.md).

    python3 bench/gen_import.py N OUT.json [--html] [--seed S] [--retitle K]

N events over two days in ceil(N / 30) rooms (issue 18's large programme: ~900 events in 35
rooms over two days), 30-minute slots from 09:00, each event with a Markdown abstract (HTML with
--html) and one or two persons; no room or person is double-booked. --retitle K changes the
titles of the first K events (an "updated export"). Deterministic for a given N and seed.
Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import uuid

WORDS = ("rust async runtime compiler borrow lifetime trait macro cargo memory safety latency allocator "
         "thread channel mutex future executor kernel driver embedded network protocol database query "
         "storage cluster cloud deploy testing fuzzing tracing parser grammar wasm plugin editor community").split()
KINDS = ["Talk", "Talk", "Talk", "Workshop", "Lightning Talk", "Panel", "Podcast"]
NS = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--html", action="store_true")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--retitle", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n, days = args.n, 2
    rooms = max(1, math.ceil(n / 30))
    slots_per_day = math.ceil(n / (rooms * days))
    start = dt.date(2027, 3, 1)
    room_names = [f"Room {r + 1:02d}" for r in range(rooms)]
    day_list = []
    for d in range(days):
        date = start + dt.timedelta(days=d)
        day_list.append({"index": d + 1, "date": date.isoformat(), "day_start": f"{date}T04:00:00+01:00",
                         "day_end": f"{date + dt.timedelta(days=1)}T03:59:00+01:00", "rooms": {r: [] for r in room_names}})
    for i in range(n):
        d, rest = divmod(i, rooms * slots_per_day)
        slot, r = divmod(rest, rooms)
        if d >= days:
            d, slot = days - 1, slots_per_day + slot
        date = start + dt.timedelta(days=d)
        minutes = 9 * 60 + 30 * slot
        hh, mm = divmod(minutes, 60)
        title = words(rng, 5).title() + (" (updated)" if i < args.retitle else "")
        text = " ".join(words(rng, 12) + "." for _ in range(6))
        abstract = f"<p>{text}</p>\n<p>{words(rng, 20)}.</p>" if args.html else f"{text}\n\n{words(rng, 20)}."
        persons = [i] + ([(i + rooms) % n] if i % 3 == 0 else [])
        day_list[d]["rooms"][room_names[r]].append({
            "guid": str(uuid.uuid5(NS, f"bench-event-{i}")), "code": f"E{i:05d}", "id": 10000 + i,
            "date": f"{date}T{hh:02d}:{mm:02d}:00+01:00", "start": f"{hh:02d}:{mm:02d}", "duration": "00:25",
            "room": room_names[r], "slug": f"bench-{10000 + i}", "url": f"https://cfp.example.org/bench/talk/E{i:05d}/",
            "title": title, "subtitle": "", "track": f"Track {i % 8 + 1}", "type": KINDS[i % len(KINDS)], "language": "en",
            "abstract": abstract, "description": "", "recording_license": "", "do_not_record": i % 17 == 0,
            "persons": [{"code": f"P{p:05d}", "name": f"Person {p}", "public_name": f"Person {p}",
                         "guid": str(uuid.uuid5(NS, f"bench-person-{p}")), "biography": words(rng, 15) + "."} for p in persons],
            "links": [], "attachments": [],
        })
    schedule = {"$schema": "https://c3voc.de/schedule/schema.json", "generator": {"name": "bench/gen_import.py"},
                "schedule": {"version": "1", "base_url": "https://cfp.example.org/", "conference": {
                    "acronym": "bench", "title": "Import Benchmark", "start": start.isoformat(),
                    "end": (start + dt.timedelta(days=days - 1)).isoformat(), "daysCount": days, "timeslot_duration": "00:05",
                    "time_zone_name": "Europe/Berlin",
                    "rooms": [{"name": r, "guid": str(uuid.uuid5(NS, r))} for r in room_names],
                    "days": day_list}}}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(schedule, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
