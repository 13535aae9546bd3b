#!/usr/bin/env python3
"""Reference vectors for RFC 5545 recurrence rules, from python3-dateutil (an implementation independent of ours).

dateutil expands rules in naive local time, which is RFC 5545 3.3.10's reading. It does not map local times to
instants, so this script does it as RFC 5545 3.3.5 says, with zoneinfo and fold=0: a local time in a spring-forward
gap takes the offset before the gap (02:30 New York on the change day -> 07:30Z), a repeated local time is its first
occurrence, and an instant produced twice counts once. COUNT counts dateutil's local start times; UNTIL and EXDATE
are applied to instants.

Each vector: a rule in a DST zone, "now" a few days before a clock change, and the next five instants after now.
Run: python3 generate_rrule_vectors.py > rrule_vectors.json   (deterministic: fixed seed)
"""
import bisect
import json
import random
import signal
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo",
         "Europe/London", "Pacific/Auckland", "America/Santiago", "UTC"]
FREQS = ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
UTC = timezone.utc


def instant(local, zone):
    """RFC 5545 3.3.5: fold=0 is the offset before a gap and the first of a repeated time."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def transitions(zone, year):
    """Instants in [year, year+1] at which the zone's UTC offset changes (hourly scan, refined to the minute)."""
    result = []
    t = datetime(year, 1, 1, tzinfo=UTC)
    prev = t.astimezone(zone).utcoffset()
    while t.year == year:
        n = t + timedelta(hours=1)
        off = n.astimezone(zone).utcoffset()
        if off != prev:
            result.append(n)
            prev = off
        t = n
    return result


def some(rng, values, k_max):
    return sorted(set(rng.choice(values) for _ in range(rng.randint(1, k_max))), key=values.index)


def random_rule(rng, freq):
    parts = [f"FREQ={freq}"]
    sub_daily = freq in ("SECONDLY", "MINUTELY", "HOURLY")
    interval = rng.choice([1, 1, 1, 2, 3, 5, 7, 15]) if not sub_daily else rng.choice([1, 1, 2, 3, 5, 7, 10, 15, 45, 90])
    if freq == "YEARLY":
        interval = rng.choice([1, 1, 2])
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    monthday = list(range(1, 32)) + [-1, -2, -3, -10]
    if freq == "YEARLY":
        choice = rng.randrange(7)
        if choice == 0:
            parts.append("BYMONTH=" + ",".join(map(str, some(rng, list(range(1, 13)), 3))))
            parts.append("BYMONTHDAY=" + ",".join(map(str, some(rng, monthday, 2))))
        elif choice == 1:
            parts.append("BYMONTH=" + ",".join(map(str, some(rng, list(range(1, 13)), 2))))
            parts.append("BYDAY=" + ",".join(f"{rng.choice([1, 2, 3, 4, -1, -2])}{d}" for d in some(rng, DAYS, 2)))
        elif choice == 2:
            parts.append("BYYEARDAY=" + ",".join(map(str, some(rng, [1, 32, 59, 60, 100, 200, 300, 365, 366, -1, -100], 3))))
        elif choice == 3:
            parts.append("BYWEEKNO=" + ",".join(map(str, some(rng, [1, 2, 10, 20, 26, 52, 53, -1, -2], 2))))
            parts.append("BYDAY=" + ",".join(some(rng, DAYS, 3)))
            if rng.random() < 0.4:
                parts.append("WKST=" + rng.choice(["SU", "MO", "TH"]))
        elif choice == 4:
            parts.append("BYDAY=" + ",".join(f"{rng.choice([1, 10, 20, -1, -5])}{d}" for d in some(rng, DAYS, 2)))
        elif choice == 5:
            parts.append("BYMONTH=" + ",".join(map(str, some(rng, list(range(1, 13)), 3))))
            parts.append("BYDAY=" + ",".join(some(rng, DAYS, 5)))
            parts.append("BYSETPOS=" + ",".join(map(str, some(rng, [1, 2, -1, -2], 2))))
    elif freq == "MONTHLY":
        choice = rng.randrange(5)
        if choice == 0:
            parts.append("BYMONTHDAY=" + ",".join(map(str, some(rng, monthday, 3))))
        elif choice == 1:
            parts.append("BYDAY=" + ",".join(f"{rng.choice([1, 2, 3, 4, 5, -1, -2])}{d}" for d in some(rng, DAYS, 2)))
        elif choice == 2:
            parts.append("BYDAY=" + ",".join(some(rng, DAYS, 5)))
            parts.append("BYSETPOS=" + ",".join(map(str, some(rng, [1, 2, 3, -1, -2], 2))))
        elif choice == 3:
            parts.append("BYDAY=" + ",".join(some(rng, DAYS, 2)))
            parts.append("BYMONTHDAY=" + ",".join(map(str, some(rng, list(range(1, 15)) + [-1, -7], 6))))
        if rng.random() < 0.3:
            parts.append("BYMONTH=" + ",".join(map(str, some(rng, list(range(1, 13)), 6))))
    elif freq == "WEEKLY":
        if rng.random() < 0.7:
            parts.append("BYDAY=" + ",".join(some(rng, DAYS, 4)))
        if rng.random() < 0.3:
            parts.append("WKST=" + rng.choice(DAYS))
        if rng.random() < 0.2:
            parts.append("BYMONTH=" + ",".join(map(str, some(rng, list(range(1, 13)), 6))))
    elif freq == "DAILY":
        if rng.random() < 0.4:
            parts.append("BYDAY=" + ",".join(some(rng, DAYS, 5)))
        if rng.random() < 0.2:
            parts.append("BYMONTHDAY=" + ",".join(map(str, some(rng, monthday, 8))))
        if rng.random() < 0.2:
            parts.append("BYMONTH=" + ",".join(map(str, some(rng, list(range(1, 13)), 8))))
    else:
        if rng.random() < 0.3:
            parts.append("BYDAY=" + ",".join(some(rng, DAYS, 5)))
        if rng.random() < 0.15 and freq != "SECONDLY":
            parts.append("BYMONTHDAY=" + ",".join(map(str, some(rng, monthday, 12))))
    # Times of day: near the clock changes (0-3 h) often, so gaps and repeats are hit.
    hours = list(range(24)) + [0, 1, 2, 2, 3, 1, 2]
    if freq in ("YEARLY", "MONTHLY", "WEEKLY", "DAILY"):
        if rng.random() < 0.7:
            parts.append("BYHOUR=" + ",".join(map(str, sorted(set(rng.choice(hours) for _ in range(rng.randint(1, 3)))))))
        if rng.random() < 0.5:
            parts.append("BYMINUTE=" + ",".join(map(str, sorted(set(rng.choice([0, 0, 15, 30, 45, 59]) for _ in range(rng.randint(1, 2)))))))
        if rng.random() < 0.2:
            parts.append("BYSECOND=" + ",".join(map(str, sorted(set(rng.choice([0, 30]) for _ in range(2))))))
    elif freq == "HOURLY":
        if rng.random() < 0.4:
            parts.append("BYHOUR=" + ",".join(map(str, sorted(set(rng.choice(hours) for _ in range(rng.randint(2, 8)))))))
        if rng.random() < 0.4:
            parts.append("BYMINUTE=" + ",".join(map(str, sorted(set(rng.choice([0, 10, 30, 45]) for _ in range(2))))))
    elif freq == "MINUTELY":
        if rng.random() < 0.4:
            parts.append("BYHOUR=" + ",".join(map(str, sorted(set(rng.choice(hours) for _ in range(rng.randint(2, 6)))))))
        if rng.random() < 0.3:
            parts.append("BYMINUTE=" + ",".join(map(str, sorted(set(rng.randrange(60) for _ in range(rng.randint(3, 12)))))))
        if rng.random() < 0.2:
            parts.append("BYSECOND=" + ",".join(map(str, sorted(set(rng.choice([0, 20, 40]) for _ in range(2))))))
    else:
        parts.append("BYHOUR=" + ",".join(map(str, sorted(set(rng.choice(hours) for _ in range(rng.randint(1, 3)))))))
        if rng.random() < 0.6:
            parts.append("BYMINUTE=" + ",".join(map(str, sorted(set(rng.randrange(60) for _ in range(rng.randint(1, 4)))))))
        if rng.random() < 0.4:
            parts.append("BYSECOND=" + ",".join(map(str, sorted(set(rng.randrange(60) for _ in range(rng.randint(2, 6)))))))
    # RFC 5545: BYSETPOS only with another BYxxx part (the parser refuses it alone).
    if freq in ("HOURLY", "MINUTELY", "SECONDLY") and any(p.startswith("BY") for p in parts) and rng.random() < 0.2:
        parts.append("BYSETPOS=" + ",".join(map(str, some(rng, [1, -1, 2], 2))))
    return parts


class Slow(Exception):
    pass


def on_alarm(signum, frame):
    raise Slow()


def expected(rule_parts, dtstart, zone, now, until=None, exdates=()):
    """The next five instants after now, or None when dateutil takes too long (it can loop without yielding)."""
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(10)
    try:
        return expand(rule_parts, dtstart, zone, now, until, exdates)
    except Slow:
        print(f"skip (slow) {rule_parts}", file=sys.stderr)
        return None
    finally:
        signal.alarm(0)


def expand(rule_parts, dtstart, zone, now, until, exdates):
    rule = rrulestr("RRULE:" + ";".join(rule_parts), dtstart=dtstart, cache=False)
    found = []  # the five smallest instants after now, sorted
    steps = 0
    for local in rule:
        steps += 1
        if steps > 100_000:
            return None  # too sparse to settle cheaply: not a vector
        if local.year > now.year + 30:
            break
        at = instant(local, zone)
        if until is not None and at > until:
            break
        if at > now and at not in exdates and at not in found:
            bisect.insort(found, at)
            del found[5:]
        # Local order is not instant order across a gap, so look a day past the fifth before stopping.
        if len(found) == 5 and local > found[4].replace(tzinfo=None) + timedelta(days=1):
            break
    return found


def fmt(local):
    return local.strftime("%Y%m%dT%H%M%S")


def iso(at):
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def self_check():
    """Hand-checked cases (shared/NOTES.md, README): the mapping must give these before any vector is written."""
    ny = ZoneInfo("America/New_York")
    fall = expected(["FREQ=HOURLY", "COUNT=5"], datetime(2027, 11, 7), ny, datetime(2027, 11, 6, tzinfo=UTC))
    assert [iso(a) for a in fall] == ["2027-11-07T04:00:00Z", "2027-11-07T05:00:00Z", "2027-11-07T07:00:00Z",
                                      "2027-11-07T08:00:00Z", "2027-11-07T09:00:00Z"], fall
    gap = expected(["FREQ=DAILY", "COUNT=3"], datetime(2027, 3, 13, 2, 30), ny, datetime(2027, 3, 1, tzinfo=UTC))
    assert [iso(a) for a in gap] == ["2027-03-13T07:30:00Z", "2027-03-14T07:30:00Z", "2027-03-15T06:30:00Z"], gap


def main():
    self_check()
    rng = random.Random(5545)
    vectors = []
    weights = {"SECONDLY": 1, "MINUTELY": 2, "HOURLY": 4, "DAILY": 4, "WEEKLY": 3, "MONTHLY": 3, "YEARLY": 3}
    freqs = [f for f in FREQS for _ in range(weights[f])]
    changes = {z: transitions(ZoneInfo(z), 2027) for z in ZONES}
    while len(vectors) < 250:
        zone_id = rng.choice(ZONES)
        zone = ZoneInfo(zone_id)
        freq = rng.choice(freqs)
        change = rng.choice(changes[zone_id]) if changes[zone_id] else datetime(2027, rng.randint(1, 12), 10, tzinfo=UTC)
        now = change - timedelta(days=rng.choice([0, 1, 2, 3, 4]), hours=rng.randint(0, 23), minutes=rng.choice([0, 7, 30]))
        now_local = now.astimezone(zone).replace(tzinfo=None)
        back = {"SECONDLY": timedelta(hours=rng.randint(0, 6)), "MINUTELY": timedelta(days=rng.randint(0, 3)),
                "HOURLY": timedelta(days=rng.randint(0, 60)), "DAILY": timedelta(days=rng.randint(0, 900)),
                "WEEKLY": timedelta(days=rng.randint(0, 1500)), "MONTHLY": timedelta(days=rng.randint(0, 3000)),
                "YEARLY": timedelta(days=rng.randint(0, 6000))}[freq]
        dtstart = (now_local - back).replace(hour=rng.choice([0, 1, 2, 3, 9, 12, 23, rng.randrange(24)]),
                                             minute=rng.choice([0, 0, 30, rng.randrange(60)]), second=rng.choice([0, 0, 0, 15]),
                                             microsecond=0)
        if rng.random() < 0.1:
            dtstart = now_local.replace(microsecond=0) + timedelta(hours=rng.randint(1, 50))
        parts = random_rule(rng, freq)
        until = None
        mode = rng.random()
        if mode < 0.15:
            parts.append(f"COUNT={rng.choice([3, 10, 50, 200, 1000])}")
        elif mode < 0.3:
            until = now + timedelta(days=rng.choice([1, 3, 10, 60, 400]), hours=rng.randint(0, 23))
        try:
            result = expected(parts, dtstart, zone, now, until)
        except Exception as e:  # dateutil refuses some combinations; they are not vectors
            print(f"skip {parts}: {e}", file=sys.stderr)
            continue
        if result is None or (not result and rng.random() < 0.8):
            continue
        exdates = []
        if len(result) >= 3 and rng.random() < 0.25:
            exdates = [result[1]]
            result = expected(parts, dtstart, zone, now, until, set(exdates))
            if result is None:
                continue
        rule_parts = list(parts)
        if until is not None:
            rule_parts.append("UNTIL=" + until.strftime("%Y%m%dT%H%M%SZ"))
        if zone_id == "UTC":
            text = f"DTSTART:{fmt(dtstart)}Z RRULE:" + ";".join(rule_parts)
            if exdates:
                text += " EXDATE:" + ",".join(e.strftime("%Y%m%dT%H%M%SZ") for e in exdates)
        else:
            text = f"DTSTART;TZID={zone_id}:{fmt(dtstart)}\nRRULE:" + ";".join(rule_parts)
            if exdates:
                text += f"\nEXDATE;TZID={zone_id}:" + ",".join(fmt(e.astimezone(zone).replace(tzinfo=None)) for e in exdates)
        # The search stops 30 years out; later instants are not asserted.
        horizon = datetime(now.year + 30, 12, 30, tzinfo=UTC)
        if len(vectors) % 25 == 0:
            print(f"{len(vectors)} vectors", file=sys.stderr, flush=True)
        vectors.append({"zone": zone_id, "rule": text, "now": iso(now), "horizon": iso(horizon), "next": [iso(r) for r in result]})
    json.dump({"generator": "generate_rrule_vectors.py (python3-dateutil + zoneinfo, RFC 5545 3.3.5 mapping)",
               "vectors": vectors}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
