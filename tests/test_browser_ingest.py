"""The ingestion pages in a real headless Chromium: upload on /ingest, review on
/ingest/<id> with the keyboard (j/k, a, r, e, A, c), then the committed facts read back
through the JSON twin of the node page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DOC = Path(__file__).parent / "ingest_docs" / "miit_service_plan.txt"


@pytest.fixture
def drafts_dir(app, tmp_path, monkeypatch):
    """The app's drafts in a temporary folder, never the repository's instance folder."""
    monkeypatch.setitem(app.config, "INGEST_DRAFTS_DIR", str(tmp_path / "drafts"))
    return tmp_path / "drafts"


@pytest.mark.browser
def test_upload_review_edit_and_commit(page, live_server, client, drafts_dir, artifacts_dir):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/ingest")
    page.set_input_files("#ingest-file", str(DOC))
    page.click("#ingest-submit")
    page.wait_for_selector('#ingest-review[data-ready="1"]')
    draft_id = page.locator("#ingest-review").get_attribute("data-draft")
    draft = client.get(f"/ingest/{draft_id}.json").get_json()["draft"]
    nodes = {n["id"]: n for n in draft["proposals"]["nodes"]}
    # every proposal's sentence is highlighted in the text
    assert page.locator("#ingest-text mark").count() >= 10
    page.keyboard.press("j")  # the first proposal: the policy
    page.keyboard.press("a")
    page.wait_for_selector('#p-n1[data-decision="accepted"]')
    # reject the first task
    task = next(n for n in nodes.values() if n["label"] == "Task")
    page.click(f"#p-{task['id']} .reject")
    page.wait_for_selector(f'#p-{task["id"]}[data-decision="rejected"]')
    # edit a target's properties, then accept the edit
    target = next(n for n in nodes.values() if n["label"] == "Target")
    page.click(f"#p-{target['id']} .edit")
    props = {**target["properties"], "indicator": "国家级中小企业数字化公共服务平台数量"}
    page.fill(f"#p-{target['id']} textarea.props", json.dumps(props, ensure_ascii=False))
    page.click(f"#p-{target['id']} .accept")
    page.wait_for_selector(f'#p-{target["id"]}[data-decision="accepted"]')
    page.keyboard.press("A")  # accept all still pending
    page.wait_for_function("() => !document.querySelector('.proposal[data-decision=\"pending\"]')")
    page.keyboard.press("c")
    page.wait_for_selector('#ingest-review[data-committed="1"]')
    assert "Committed:" in page.locator("#ingest-status").inner_text()
    page.screenshot(path=str(artifacts_dir / "ingest-committed.png"), full_page=True)
    assert not errors
    stored = client.get(f"/node/{target['key']}.json").get_json()
    got = stored["node"]["properties"] if "node" in stored else stored["properties"]
    assert got["indicator"] == "国家级中小企业数字化公共服务平台数量"
    assert got["status"] == "reviewed" and got["source"] == draft["source"]["key"]
    assert got["evidence"] == target["evidence"]
    assert client.get(f"/node/{task['key']}.json").status_code == 404  # rejected: not written
