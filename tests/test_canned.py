"""The analysts' canned queries: well-formed headers, and each runs on both stores and
returns rows on the bundled data."""

from __future__ import annotations

import pytest

from webapp import canned

QUERIES = sorted(canned.load_all())


def test_at_least_twelve_canned_queries_with_headers():
    assert len(QUERIES) >= 12
    for query in canned.load_all().values():
        assert query.title and query.description, query.name
        for param in query.params:
            canned.check_value(param, param.default)


@pytest.mark.parametrize("name", QUERIES)
def test_canned_query_returns_rows_on_bundled_data(bundled_store, name):
    query = canned.get(name)
    result = bundled_store.run_cypher(query.text_for(bundled_store.kind), query.defaults)
    assert result.records, f"{name} returned no rows on {bundled_store.kind}"


def test_a_malformed_header_names_file_and_line():
    with pytest.raises(canned.CannedQueryError) as caught:
        canned.parse(
            "bad", "// title: T\n// description: D\n// param: x integer = 1\nRETURN 1", "bad.cypher"
        )
    assert "bad.cypher:3" in caught.value.message


def test_a_header_needs_a_title():
    with pytest.raises(canned.CannedQueryError, match="title"):
        canned.parse("bad", "// description: D\nRETURN 1", "bad.cypher")


def test_given_params_override_defaults_and_are_type_checked():
    query = canned.get("cities_of_province")
    assert canned.with_defaults(query, {"province_code": "440000"}) == {"province_code": "440000"}
    with pytest.raises(canned.BadParameter, match="province_code"):
        canned.with_defaults(query, {"province_code": 440000})


def test_the_webapp_doctests_of_the_console_run():
    """webapp/ is not in pytest's doctest paths; these examples are part of the spec."""
    import doctest

    from webapp import console

    for module in (canned, console):
        outcome = doctest.testmod(module)
        assert outcome.attempted > 0 and outcome.failed == 0, module.__name__


def test_a_misspelt_parameter_is_refused_not_silently_defaulted(client):
    """QA: {"province": "440000"} used to run on the default 330000 and answer for Zhejiang."""
    query = canned.get("cities_of_province")
    with pytest.raises(canned.BadParameter, match="province_code"):
        canned.with_defaults(query, {"province": "440000"})
    response = client.get(
        "/cypher.json", query_string={"canned": "cities_of_province", "params": '{"province": 1}'}
    )
    body = response.get_json()
    assert response.status_code == 400 and body["ok"] is False
    assert body["error"].startswith("params.province:") and "province_code" in body["error"]
