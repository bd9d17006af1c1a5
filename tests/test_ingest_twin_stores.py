"""The whole flow scripted through the JSON twin on each store (embedded LadybugDB and
Neo4j): upload, decide (accept, reject, edit, accept all), commit, read back; a second
commit of the same draft changes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

DOC = Path(__file__).parent / "ingest_docs" / "jiangsu_implementation.txt"


@pytest.fixture
def client_on(store, tmp_path):
    """An app whose store is the contract fixture's (both engines)."""
    from webapp import create_app

    store.ensure_schema()
    app = create_app(
        {
            "TESTING": True,
            "GRAPH_URI": f"embedded://{tmp_path / 'unused'}",
            "LOAD_BUNDLED_IF_EMPTY": False,
            "INGEST_DRAFTS_DIR": str(tmp_path / "drafts"),
        }
    )
    app.extensions["graph_store"] = store  # the fixture closes it, not the app
    yield app.test_client()
    app.extensions["graph_store"] = None


def test_scripted_review_and_commit(client_on, store):
    c = client_on
    r = c.post(
        "/ingest.json",
        data={"file": (io.BytesIO(DOC.read_bytes()), DOC.name), "source_url": "https://x.test/a"},
        content_type="multipart/form-data",
    )
    assert r.status_code == 200, r.get_json()
    draft_id = r.get_json()["draft"]["id"]
    draft = c.get(f"/ingest/{draft_id}.json").get_json()["draft"]
    nodes = draft["proposals"]["nodes"]
    policy = next(n for n in nodes if n["rule"] == "document.title")
    assert policy["properties"]["doc_number"] == "苏政办发〔2026〕15号"
    measure = next(n for n in nodes if n["label"] == "Measure")
    target = next(n for n in nodes if n["label"] == "Target" and n["properties"].get("value"))
    edited = {**target["properties"], "indicator": "实施数字化改造的中小企业数量"}
    decisions = [
        {"id": measure["id"], "decision": "rejected"},
        {"id": target["id"], "decision": "accepted", "properties": edited},
    ]
    assert c.post(f"/ingest/{draft_id}/decisions", json={"decisions": decisions}).get_json()["ok"]
    rest = [
        {"id": p["id"], "decision": "accepted"}
        for part in draft["proposals"].values()
        for p in part
        if p["id"] not in (measure["id"], target["id"])
    ]
    assert c.post(f"/ingest/{draft_id}/decisions", json={"decisions": rest}).get_json()["ok"]
    r = c.post(f"/ingest/{draft_id}/commit", json={})
    body = r.get_json()
    assert r.status_code == 200 and body["ok"], body
    assert body["counts"]["created"]["Policy"] >= 1
    got = store.get_node(target["key"]).node.properties
    assert got["indicator"] == "实施数字化改造的中小企业数量" and got["status"] == "reviewed"
    assert got["value"] == 50000 and got["comparator"] == ">=" and got["deadline"] == "2027-12-31"
    assert got["source"] == f"source:ingest-{draft_id}"
    source = store.get_node(got["source"]).node.properties
    assert source["url"] == "https://x.test/a" and source["sha256"] == draft["sha256"]
    assert store.existing_keys([measure["key"]]) == set()  # rejected: never written
    issued = store.neighbours(policy["key"], types=["ISSUED"], direction="in")
    assert [i.node.properties["name"] for i in issued.items] == ["江苏省人民政府办公厅"]
    # committing again writes nothing new
    again = c.post(f"/ingest/{draft_id}/commit", json={}).get_json()
    assert again["ok"] and sum(again["counts"]["created"].values()) == 0


PILOT = Path(__file__).parent / "ingest_docs" / "xiamen_pilot_application.txt"


def test_application_criteria_are_committed_on_the_measure(client_on, store):
    """申报条件 read into a measure's eligible_* properties pass the loaders' validation
    and are stored as read, on both stores (committed unreviewed: --accept-all)."""
    c = client_on
    r = c.post(
        "/ingest.json",
        data={"file": (io.BytesIO(PILOT.read_bytes()), PILOT.name)},
        content_type="multipart/form-data",
    )
    draft_id = r.get_json()["draft"]["id"]
    draft = c.get(f"/ingest/{draft_id}.json").get_json()["draft"]
    grant = next(
        n
        for n in draft["proposals"]["nodes"]
        if n["label"] == "Measure" and n["properties"].get("group") == "改造补助"
    )
    assert grant["criteria_evidence"]  # the sentences the criteria came from
    page = c.get(f"/ingest/{draft_id}").get_data(as_text=True)
    first = grant["criteria_evidence"][0]
    assert f"from span {first['span'][0]}–{first['span'][1]} (eligibility.criteria)" in page
    body = c.post(f"/ingest/{draft_id}/commit", json={"accept_all": True}).get_json()
    assert body["ok"], body
    got = store.get_node(grant["key"]).node.properties
    assert got["eligible_regions"] == ["350200"] and got["eligible_industries"] == ["C"]
    assert sorted(got["eligible_sizes"]) == ["medium", "micro", "small"]
    assert got["eligible_revenue_min_wan"] == 2000 and got["eligible_revenue_max_wan"] == 40000
    assert got["eligible_founded_until"] == "2024-12-31"
    assert got["amount_max"] == 2_000_000 and got["status"] == "extracted"
