"""The synthetic generator: deterministic, valid, loadable and marked synthetic."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from loaders import BUNDLED_DATA, Rejected, read_paths
from loaders.generate import MARK, generate
from loaders.regions import region_table
from loaders.uscc import uscc_problems

N = 3000


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synthetic")
    generate(N, 42, path)
    return path


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_same_seed_same_bytes(out, tmp_path):
    generate(N, 42, tmp_path / "again")
    for f in sorted(out.iterdir()):
        assert (tmp_path / "again" / f.name).read_bytes() == f.read_bytes(), f.name


def test_other_seed_other_data(out, tmp_path):
    generate(N, 43, tmp_path / "other")
    assert (tmp_path / "other" / "enterprises.csv").read_bytes() != (
        out / "enterprises.csv"
    ).read_bytes()


def test_every_uscc_is_valid_and_matches_its_city(out):
    table = region_table()
    firms = rows(out / "enterprises.csv")
    assert len(firms) == N
    assert len({f["uscc"] for f in firms}) == N
    for f in firms:
        assert uscc_problems(f["uscc"], table.known_code) == [], f["uscc"]
        assert f["uscc"][2:8] == f["region"]
        region = table.resolve(f["region"])
        assert region is not None and region.code == f["region"]


def test_everything_is_marked_synthetic(out):
    for name in ("enterprises.csv", "nodes.csv", "relationships.csv", "sources.csv"):
        for row in rows(out / name):
            assert row["status"] == "synthetic"
            assert row["source"] == "source:synthetic-42"
            if "name" in row:
                assert MARK in row["name"]


def test_generated_files_load_with_the_bundled_data_without_a_problem(out):
    items = list(read_paths([BUNDLED_DATA, out]))
    assert [str(p) for i in items if isinstance(i, Rejected) for p in i.problems] == []
    labels = Counter(i.label for i in items)
    assert labels["Enterprise"] == N + 1  # and the bundled Ningbo firm
    assert labels["IN_INDUSTRY"] == N + 1
    assert labels["ADOPTS"] > 2 * N  # about 2.7 technologies per firm


def test_shares_follow_the_reported_figures(out):
    firms = rows(out / "enterprises.csv")
    provinces = Counter(f["region"][:2] for f in firms)
    # 江苏, 广东, 浙江, 山东 and 河北 lead the reported little-giant counts
    assert {p for p, _ in provinces.most_common(6)} >= {"32", "44", "33", "37"}
    assert "54" not in provinces  # 西藏: 0 in the reported figures
    sections = Counter(f["industry"][0] for f in firms)
    assert sections["C"] / N == pytest.approx(0.648, abs=0.03)
    assert sections["M"] / N == pytest.approx(0.214, abs=0.03)
    assert Counter(f["industry"] for f in firms).most_common(1)[0][0] == "C34"
    cities = Counter(f["region"] for f in firms)
    assert cities["440300"] > cities["440100"]  # 深圳 1027 > 广州 335 (2025)
