"""Ingestion end to end: propose, review through the JSON twin, commit, query; on both
stores, and in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.ingest import commit, decide, propose, read_bytes

DOC = Path(__file__).parent / "ingest_docs" / "ministry_notice.txt"


@pytest.fixture
def drafts_dir(app, tmp_path, monkeypatch):
    """The app's drafts in a temporary folder, never the repository's instance folder."""
    monkeypatch.setitem(app.config, "INGEST_DRAFTS_DIR", str(tmp_path / "drafts"))
    return tmp_path / "drafts"


def test_commit_on_each_store(store):
    store.ensure_schema()
    draft = propose(read_bytes(DOC.read_bytes(), DOC.name, 10**7), store)
    tasks = [n for n in draft["proposals"]["nodes"] if n["label"] == "Task"]
    decide(draft, [{"id": tasks[0]["id"], "decision": "rejected"}])
    counts = commit(store, draft, accept_all=True)
    assert counts.created["Source"] == 1
    policy = next(n for n in draft["proposals"]["nodes"] if n["rule"] == "document.title")
    node = store.get_node(policy["key"]).node
    assert node.properties["doc_number"] == "工信部联企业〔2026〕58号"
    assert node.properties["status"] == "extracted"
    assert node.properties["source"] == draft["source"]["key"]
    page = store.neighbours(policy["key"], types=["HAS_TASK"], direction="out")
    assert len(page.items) == 2
    issued = store.neighbours(policy["key"], types=["ISSUED"], direction="in")
    assert len(issued.items) == 4
    assert store.existing_keys([tasks[0]["key"]]) == set()


def test_review_by_json_twin_then_commit(app, client, drafts_dir):
    data = (Path(__file__).parent / "ingest_docs" / "city_pilot.txt").read_bytes()
    from io import BytesIO

    r = client.post(
        "/ingest.json",
        data={"file": (BytesIO(data), "city_pilot.txt")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 200, r.get_json()
    draft_id = r.get_json()["draft"]["id"]
    draft = client.get(f"/ingest/{draft_id}.json").get_json()["draft"]
    assert draft["status"] == "extracted"
    ids = [p["id"] for part in draft["proposals"].values() for p in part]
    r = client.post(
        f"/ingest/{draft_id}/decisions",
        json={"decisions": [{"id": i, "decision": "accepted"} for i in ids]},
    )
    assert r.get_json()["summary"]["decisions"]["accepted"] == len(ids)
    r = client.post(f"/ingest/{draft_id}/commit", json={})
    assert r.status_code == 200, r.get_json()
    policy = next(n for n in draft["proposals"]["nodes"] if n["rule"] == "document.title")
    node = client.get(f"/node/{policy['key']}.json").get_json()
    assert node["ok"]
    # the same document again updates its draft, never a second one
    r = client.post(
        "/ingest.json",
        data={"file": (BytesIO(data), "again.txt")},
        content_type="multipart/form-data",
    )
    assert r.get_json()["draft"]["id"] == draft_id
    listed = client.get("/ingest.json").get_json()["drafts"]
    assert [d["id"] for d in listed].count(draft_id) == 1
    assert (drafts_dir / f"{draft_id}.json").is_file()  # survives a restart: a file
    assert client.post(f"/ingest/{draft_id}/decisions", json={"x": 1}).status_code == 400
    # a form (what another site could post) neither decides nor commits
    assert client.post(f"/ingest/{draft_id}/commit", data={"a": "1"}).status_code == 400
    assert client.get("/ingest/0000000000000000.json").status_code == 404


@pytest.mark.browser
def test_pdf_with_a_text_layer(page):
    """A PDF Chromium prints from Chinese text has a text layer pypdf reads."""
    page.set_content(
        "<meta charset='utf-8'><p>工业和信息化部关于开展中小企业数字化转型试点工作的通知</p>"
        "<p>到2026年，培育一批数字化转型标杆企业。</p>"
    )
    doc = read_bytes(page.pdf(), "notice.pdf", 10**7)
    assert doc.format == "pdf"
    assert "数字化转型" in doc.text.replace(" ", "").replace("\n", "")


@pytest.mark.browser
def test_review_page_in_browser(page, live_server, client, drafts_dir, artifacts_dir):
    from io import BytesIO

    data = (Path(__file__).parent / "ingest_docs" / "provincial_plan.txt").read_bytes()
    r = client.post(
        "/ingest.json",
        data={"file": (BytesIO(data), "provincial_plan.txt")},
        content_type="multipart/form-data",
    )
    draft_id = r.get_json()["draft"]["id"]
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/ingest/{draft_id}")
    page.wait_for_selector('#ingest-review[data-ready="1"]')
    assert page.locator("#ingest-text mark").count() > 5
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_selector('#p-n1[data-decision="accepted"]')
    page.keyboard.press("r")
    page.wait_for_selector('#p-n2[data-decision="rejected"]')
    assert page.locator("#ingest-text mark.current").count() >= 1
    page.screenshot(path=str(artifacts_dir / "review.png"), full_page=True)
    assert not errors
    draft = client.get(f"/ingest/{draft_id}.json").get_json()["draft"]
    assert draft["proposals"]["nodes"][0]["decision"] == "accepted"


def test_resolution_against_the_bundled_data(bundled_store):
    """Against the curated data: agencies by key and short form, regions by code, a
    policy by its name; nothing stored is proposed as new."""
    text = (
        "据新华社消息，工信部、国家融资担保基金和浙江省经济和信息化厅近日表示，将落实"
        "《中小企业数字化转型专项行动计划(2025-2027年)》。\n"
    )
    draft = propose(read_bytes(text.encode(), "news.txt", 10**7), bundled_store)
    by_name = {n["properties"]["name"]: n for n in draft["proposals"]["nodes"]}
    assert by_name["工业和信息化部"]["resolved_to"] == "agency:miit"
    assert by_name["国家融资担保基金"]["resolved_to"] == "agency:national-financing-guarantee-fund"
    zj = by_name["浙江省经济和信息化厅"]
    assert zj["resolved_to"] == "agency:zhejiang-deit", zj
    assert by_name["浙江省"]["resolved_to"] == "province:330000"
    plan = by_name["中小企业数字化转型专项行动计划(2025-2027年)"]
    assert plan["resolved_to"] == "policy:sme-digital-2025"


def test_policy_resolved_by_document_number(store):
    from graph.model import Node

    store.ensure_schema()
    stored = Node(
        "policy:stored-plan",
        ("Policy",),
        {
            "key": "policy:stored-plan",
            "name": "另一个名字的方案",
            "doc_number": "工信部联企业〔2024〕239号",
        },
    )
    store.load([stored])
    doc = Path(__file__).parent / "ingest_docs" / "provincial_plan.txt"
    draft = propose(read_bytes(doc.read_bytes(), doc.name, 10**7), store)
    cited = next(
        n
        for n in draft["proposals"]["nodes"]
        if n["properties"].get("doc_number") == "工信部联企业〔2024〕239号"
    )
    assert cited["resolved_to"] == "policy:stored-plan"


def test_bad_uploads_name_the_problem(app, client, drafts_dir, monkeypatch):
    from io import BytesIO

    r = client.post("/ingest.json", data={"text": "  "})
    assert r.status_code == 400 and r.get_json()["error"].startswith("text:")
    monkeypatch.setitem(app.config, "MAX_INGEST_BYTES", 100)
    r = client.post(
        "/ingest.json",
        data={"file": (BytesIO("中".encode() * 200), "big.txt")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 400 and "MAX_INGEST_BYTES=100" in r.get_json()["error"]
    monkeypatch.setitem(app.config, "MAX_INGEST_BYTES", 10_000)
    r = client.post("/ingest.json", data={"text": "An English text about policy. " * 5})
    assert r.status_code == 400 and "not a Chinese document" in r.get_json()["error"]
    assert client.get("/ingest").status_code == 200


def test_cli_ingest_json_and_accept_all(tmp_path):
    import json

    from webapp import create_app
    from webapp.extensions import close_store

    app = create_app(
        {
            "TESTING": True,
            "GRAPH_URI": f"embedded://{tmp_path / 'graph'}",
            "LOAD_BUNDLED_IF_EMPTY": False,
            "INGEST_DRAFTS_DIR": str(tmp_path / "drafts"),
        }
    )
    try:
        runner = app.test_cli_runner()
        result = runner.invoke(
            args=["ingest", str(DOC), "--json", "--source-url", "https://example.gov.cn/x"]
        )
        assert result.exit_code == 0, result.output
        out = json.loads(result.output)
        assert set(out) == {"id", "source", "proposals"}
        assert out["source"]["properties"]["url"] == "https://example.gov.cn/x"
        first = out["proposals"]["nodes"][0]
        assert {"properties", "evidence", "span", "rule", "confidence", "resolved_to"} <= set(first)
        result = runner.invoke(args=["ingest", str(DOC), "--accept-all"])
        assert result.exit_code == 0, result.output
        assert "committed:" in result.output
        result = runner.invoke(
            args=[
                "query",
                "MATCH (p:Policy) WHERE p.doc_number IS NOT NULL "
                "RETURN p.doc_number AS n, p.status AS s",
            ]
        )
        assert "工信部联企业〔2026〕58号" in result.output and "extracted" in result.output
        empty = tmp_path / "empty.txt"
        empty.write_text("")
        result = runner.invoke(args=["ingest", str(empty)])
        assert result.exit_code == 1 and "empty.txt: the file is empty" in result.output
    finally:
        close_store(app)
