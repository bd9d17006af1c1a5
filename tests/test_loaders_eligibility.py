"""ELIGIBLE_FOR rules (docs/eligibility.md), as pure functions. No database."""

from loaders.eligibility import Firm, Target, derive, matched

SMALL_NINGBO = Firm("enterprise:a", "330200", "small", "C34", ("专精特新",))
MEDIUM_SHENZHEN = Firm("enterprise:b", "440300", "medium", "I65", ("高新技术企业",))
BEIJING = Firm("enterprise:c", "110000", "micro", "M73", ())

TARGETS = [
    Target("policy:national", "source:s", national=True),
    Target("policy:zhejiang", "source:s", regions={"330000"}),
    Target("policy:none"),
    Target(
        "measure:fee-cut",
        "source:s",
        sizes={"micro", "small"},
        designations={"专精特新"},
        match_any=True,
    ),
    Target("measure:zj-sector", regions={"330000"}, industries={"C"}),
    Target("measure:sz-only", regions={"440300"}, sizes={"small"}),
    Target("measure:nothing"),
]


def edges(firms):
    return {(r.start, r.end): r.properties for r in derive(firms, TARGETS)}


def test_rules_and_criteria():
    got = edges([SMALL_NINGBO, MEDIUM_SHENZHEN, BEIJING])
    assert sorted(got) == sorted(
        [
            ("enterprise:a", "policy:national"),
            ("enterprise:a", "policy:zhejiang"),
            ("enterprise:a", "measure:fee-cut"),
            ("enterprise:a", "measure:zj-sector"),
            ("enterprise:b", "policy:national"),
            ("enterprise:c", "policy:national"),
            ("enterprise:c", "measure:fee-cut"),
        ]
    )
    assert got[("enterprise:a", "measure:fee-cut")] == {
        "criteria": ["size:small", "designation:专精特新"],
        "status": "derived",
        "rule": "measure-criteria",
        "source": "source:s",
    }
    assert got[("enterprise:a", "measure:zj-sector")]["criteria"] == ["region:330000", "industry:C"]
    assert got[("enterprise:c", "policy:national")]["criteria"] == ["region:national"]
    assert got[("enterprise:a", "policy:zhejiang")]["rule"] == "policy-region"


def test_all_criteria_must_hold_by_default():
    assert (
        matched(Target("measure:m", regions={"440300"}, sizes={"small"}), MEDIUM_SHENZHEN) is None
    )
    assert matched(Target("measure:m", regions={"440000"}, sizes={"medium"}), MEDIUM_SHENZHEN) == [
        "region:440000",
        "size:medium",
    ]


def test_a_designation_matches_longer_designations_containing_it():
    firm = Firm("enterprise:d", "330200", "large", "C34", ("专精特新小巨人",))
    assert matched(Target("measure:m", designations={"专精特新"}), firm) == ["designation:专精特新"]


def test_indexed_derivation_equals_checking_every_pair():
    firms = [SMALL_NINGBO, MEDIUM_SHENZHEN, BEIJING, Firm("enterprise:e", None, "small", None, ())]
    brute = {
        (f.key, t.key)
        for f in firms
        for t in TARGETS
        if t.has_criteria and matched(t, f) is not None
    }
    assert set(edges(firms)) == brute
