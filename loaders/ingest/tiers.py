"""Support tiered by class: 对…，中型企业、小型企业、微型企业分别奖励50万元、30万元、20万元;
对新认定的国家级、省级平台，分别给予500万元、200万元奖励. Each tier is a measure of its
own, with its amount and, when the tier is a size class, its size.

>>> [t for t, _ in tiers("对新认定的国家级、省级平台，分别给予500万元、200万元奖励")]
['对新认定的国家级平台，给予500万元奖励', '对新认定的省级平台，给予200万元奖励']
>>> [s for _, s in tiers("中型企业、小型企业和微型企业分别奖励50万元、30万元、20万元")]
[['medium'], ['small'], ['micro']]
>>> tiers("对认定的平台给予50万元奖励")
[]
"""

from __future__ import annotations

import re

# the classes support is tiered by: administrative level, size class, star or grade
TIER = (
    r"(?:国家|省|市|县|区)级|(?:大|中|小|微)型企业|小微企业"
    r"|[一二三四五]星级?|[一二三]等奖?|[A-EＡ-Ｅ]级"
)
TIER_LIST = re.compile(rf"(?:{TIER})(?:[、和及](?:{TIER}))+")
_AMOUNT = r"(?:最高)?\d+(?:\.\d+)?(?:万|亿)?元"
RESPECTIVE = re.compile(
    rf"分别(?:给予|奖励|补助|补贴|资助|一次性奖励)?(?P<amounts>{_AMOUNT}(?:[、和](?:{_AMOUNT}))+)"
)
SIZE_OF = {"中型企业": ["medium"], "小型企业": ["small"], "微型企业": ["micro"]}
SIZE_OF["小微企业"] = ["small", "micro"]


def tiers(text: str) -> list[tuple[str, list[str] | None]]:
    """The measure's text once a tier, with the tier's size classes (None when the tier
    is not a size); [] when the text is not tiered or the counts disagree."""
    m = RESPECTIVE.search(text)
    if not m:
        return []
    amounts = re.split(r"[、和]", m["amounts"])
    listed = [x for x in TIER_LIST.finditer(text, 0, m.start()) if x.end() <= m.start()]
    if not listed:
        return []
    group = listed[-1]
    items = re.split(r"[、和及]", group.group())
    if len(items) != len(amounts):
        return []
    out = []
    verb = m.group()[2 : m.start("amounts") - m.start()]
    for item, amount in zip(items, amounts, strict=True):
        t = text[: group.start()] + item + text[group.end() : m.start()]
        t += verb + amount + text[m.end() :]
        out.append((t, SIZE_OF.get(item)))
    return out
