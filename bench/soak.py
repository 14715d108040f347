"""Soak: a mixed load on a running acip for a while, every answer checked.

    .venv/bin/python bench/soak.py --url http://127.0.0.1:8000 [--seconds 60]
        [--connections 32] [--reference http://127.0.0.1:8001] [--json]

`--connections` clients loop over a mix of reads (lists with filters, facets, timeline,
full text, stats, reference lists, one event, a CSV export) until `--seconds` have passed.
Each answer must be a 200 whose body parses and holds together (a page holds at most
`limit` items and no more than its total; a CSV has its header). Then, when `--reference`
names a second server on the same database (e.g. one worker where `--url` has several),
every URL of the mix is asked of both and the answers must be equal: a wrong answer is
one that differs. Prints requests, rates, errors, wrong answers and latency percentiles
(overall and per URL). Only for servers on this machine (loopback): requests are bounded
by the time given.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import random
import sys
import time
from typing import Any

import httpx

MIX = [
    "/v1/events?limit=20",
    "/v1/events?country=ML",
    "/v1/events?region=west-central-africa&country_role=participant",
    "/v1/events?theme=cross-cutting&date_from=2020-01-01",
    "/v1/events/facets?facet=country&facet=theme&facet=type",
    "/v1/events/timeline?interval=month",
    "/v1/events?q=integrity",
    "/v1/stats",
    "/v1/themes",
    "/v1/administrations",
    "/v1/documents?limit=20",
    "/v1/events?format=csv",
]


def _check(path: str, response: httpx.Response) -> str | None:
    """Why the answer is wrong on its own, or None."""
    if response.status_code != 200:
        return f"status {response.status_code}"
    if "format=csv" in path:
        return None if response.text.startswith("id,type,name") else "no CSV header"
    try:
        body = response.json()
    except ValueError:
        return "not JSON"
    if "data" in body and "meta" in body:
        meta = body["meta"]
        if len(body["data"]) > meta.get("limit", 10**9):
            return "more items than the limit"
        if meta.get("total") is not None and len(body["data"]) > meta["total"]:
            return "more items than the total"
    return None


async def _client(client: httpx.AsyncClient, base: str, deadline: float, rng: random.Random,
                  latencies: dict[str, list[float]], errors: collections.Counter[str],
                  events: list[str]) -> None:
    while time.monotonic() < deadline:
        path = rng.choice(MIX + ([f"/v1/events/{rng.choice(events)}"] if events else []))
        key = path if not path.startswith("/v1/events/evt_") else "/v1/events/{id}"
        started = time.perf_counter()
        try:
            response = await client.get(base + path, timeout=30)
            problem = _check(path, response)
            if problem and not (key == "/v1/events/{id}" and response.status_code in (301, 410)):
                errors[f"{key}: {problem}"] += 1
        except httpx.HTTPError as exc:
            errors[f"{key}: {type(exc).__name__}"] += 1
        latencies[key].append(time.perf_counter() - started)


async def _ready(client: httpx.AsyncClient, base: str, wait_s: float = 60.0) -> None:
    """Wait until the server answers /readyz (it may still be starting its workers)."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            if (await client.get(base + "/readyz", timeout=5)).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"{base}: not ready after {wait_s:.0f} s")
        await asyncio.sleep(0.5)


def _percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))] * 1000


async def _compare(base: str, reference: str) -> list[str]:
    """URLs of the mix whose answers differ between the two servers."""
    differ = []
    async with httpx.AsyncClient(timeout=60) as client:
        for path in MIX:
            ours, theirs = await asyncio.gather(client.get(base + path),
                                                client.get(reference + path))
            # absolute links name each server's own address: compare them as paths
            same = (ours.status_code == theirs.status_code
                    and (_json(ours, base) == _json(theirs, reference)))
            if not same:
                differ.append(path)
    return differ


def _json(response: httpx.Response, base: str) -> Any:
    text = response.text.replace(base, "").replace(base.replace("127.0.0.1", "localhost"), "")
    try:
        return json.loads(text)
    except ValueError:
        return text


async def soak(base: str, seconds: float, connections: int,
               reference: str | None) -> dict[str, Any]:
    latencies: dict[str, list[float]] = collections.defaultdict(list)
    errors: collections.Counter[str] = collections.Counter()
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=connections)) as client:
        await _ready(client, base)
        if reference:
            await _ready(client, reference)
        page = (await client.get(base + "/v1/events?limit=50", timeout=30)).json()
        events = [e["id"] for e in page.get("data", [])]
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(
            _client(client, base, deadline, random.Random(i), latencies, errors, events)
            for i in range(connections)))
    every = sorted(v for values in latencies.values() for v in values)
    result: dict[str, Any] = {
        "seconds": seconds, "connections": connections, "requests": len(every),
        "requests_per_s": round(len(every) / seconds, 1),
        "errors": sum(errors.values()), "error_kinds": dict(errors.most_common(10)),
        "p50_ms": round(_percentile(every, 0.5), 1), "p99_ms": round(_percentile(every, 0.99), 1),
        "max_ms": round(every[-1] * 1000, 1) if every else 0.0,
        "per_url": {k: {"n": len(v), "p99_ms": round(_percentile(sorted(v), 0.99), 1)}
                    for k, v in sorted(latencies.items())},
    }
    if reference:
        differ = await _compare(base, reference)
        result["wrong_answers"] = len(differ)
        result["differing_urls"] = differ
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--reference")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    for url in filter(None, (args.url, args.reference)):
        host = httpx.URL(url).host
        if not (host in ("localhost", "::1") or host.startswith("127.")):
            sys.exit(f"{url}: only servers on this machine (loopback)")
    result = asyncio.run(soak(args.url.rstrip("/"), args.seconds, args.connections,
                              args.reference.rstrip("/") if args.reference else None))
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['requests']} requests in {args.seconds:.0f} s at {args.connections} "
          f"connections: {result['requests_per_s']} req/s, {result['errors']} errors, "
          f"p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, max {result['max_ms']} ms")
    if "wrong_answers" in result:
        print(f"wrong answers against the reference: {result['wrong_answers']} "
              f"{result['differing_urls']}")
    for kind, n in result["error_kinds"].items():
        print(f"  error {n} x {kind}")
    for url, figures in result["per_url"].items():
        print(f"  {url:62s} n={figures['n']:6d} p99={figures['p99_ms']:8.1f} ms")


if __name__ == "__main__":
    main()
