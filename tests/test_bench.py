"""bench/: its statistics, its report, and every measured operation on both stores.

No timings are asserted: these tests check that the benchmark measures what it says,
on real stores loaded with the bundled data.
"""

from __future__ import annotations

import json

import pytest

from bench import report
from bench.latency import operations
from bench.ops import http_ops
from bench.probe import Probe, probe
from bench.stats import percentile, summary
from bench.targets import evaluate, missed_notes


def test_percentiles_interpolate_between_ranks():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile([3.0, 1.0, 2.0], 0) == 1.0


def test_summary_reports_count_and_spread():
    s = summary([10.0, 10.0, 20.0, 30.0, 30.0])
    assert s["n"] == 5 and s["p50"] == 20.0 and s["max"] == 30.0
    assert s["iqr_rel"] == pytest.approx(1.0)


def test_probe_round_trips_and_ignores_phase_bookkeeping():
    p = Probe(keys=["agency:miit"], hub="policy:x", hub_degree=3)
    d = {**p.to_dict(), "peak_rss_mb": 100.0, "wall_s": 1.0}
    assert Probe.from_dict(d) == p


def results_with(load_s: float, node_p95: float) -> dict:
    warm = {"p50": 1.0, "p95": node_p95, "p99": node_p95, "iqr_rel": 0.1, "n": 10}
    return {
        "command": "python -m bench --quick",
        "mode": "quick",
        "started": "2026-11-26T15:00:00+00:00",
        "settings": {
            "budget_s": 3,
            "reps": 100,
            "cold_reps": 5,
            "http_reps": 40,
            "browser_reps": 2,
            "min_samples": [2, 1],
        },
        "scales_requested": [10000],
        "machine": {
            "cpu": "x",
            "cores": 2,
            "memory_gb": 1.0,
            "os": "Debian",
            "kernel": "6",
            "python": "3.11",
            "packages": {"flask": "3"},
            "load_average": [1, 1, 1],
        },
        "neo4j": None,
        "scales": {
            "10000": {
                "embedded": {
                    "load": {
                        "load_s": load_s,
                        "nodes": 10,
                        "relationships": 20,
                        "rows_per_s": 3,
                        "peak_rss_mb": 50.0,
                    },
                    "latency": {"operations": {"node": {"warm": warm, "cold": warm}}},
                }
            }
        },
        "errors": ["neo4j start: example failure"],
    }


def test_targets_say_met_missed_and_not_measured():
    rows, largest = evaluate(results_with(load_s=12.0, node_p95=25.0))
    by_key = {row["key"]: row["cells"] for row in rows}
    assert largest == 10000
    assert by_key["load:time"]["embedded"] == ("12.0 s met", True)
    assert by_key["load:time"]["neo4j"] == ("–", None)  # a target of the other store
    assert by_key["load:neo4j"]["neo4j"] == ("not measured", None)
    assert by_key["store:node"]["embedded"] == ("25.0 ms **missed**", False)
    assert by_key["store:shortest_path_6"]["embedded"] == ("not measured", None)


def test_report_names_the_command_the_scale_caveat_and_what_did_not_run(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    report.write(results_with(load_s=12.0, node_p95=5.0), path)
    text = path.read_text()
    assert "python -m bench --quick" in text
    assert "largest scale is 10,000" in text
    assert "| `node` | 1.0 | 5.0 | 5.0 |" in text
    assert "neo4j start: example failure" in text
    assert "Datasette" in text and "Neo4j Browser" in text


def test_every_operation_runs_on_the_bundled_data(bundled_store):
    sample = probe(bundled_store, seed=1, n=5)
    assert sample.hub and sample.hub_degree == max(sample.degrees.values())
    dialect = "ladybug" if bundled_store.kind == "ladybug" else "neo4j"
    ops = operations(sample, dialect)
    assert any(name.startswith("canned:") for name in ops)
    for name, op in ops.items():
        result = op(bundled_store, 0)
        assert result is not None, name
    exported = json.loads(ops["export_json_1000"](bundled_store, 0))
    assert len(exported["nodes"]) == min(1000, len(sample.export_keys))


def test_http_paths_answer_200_on_the_app(app, client):
    from webapp.extensions import get_store

    sample = probe(get_store(app), seed=1, n=3)
    for name, path_for in http_ops(sample).items():
        response = client.get(path_for(0))
        assert response.status_code == 200, (name, response.get_data(as_text=True)[:300])


def test_a_missed_target_gets_its_note_and_a_met_one_none():
    results = results_with(load_s=12.0, node_p95=5.0)
    results["scales"]["10000"]["embedded"]["http"] = {"app_peak_rss_mb": 2048.0}
    rows, _ = evaluate(results)
    notes = missed_notes(rows)
    assert len(notes) == 1 and "LADYBUG_BUFFER_POOL_MB" in notes[0]
    results["scales"]["10000"]["embedded"]["http"]["app_peak_rss_mb"] = 300.0
    assert missed_notes(evaluate(results)[0]) == []
