"""Reported figures the synthetic generator draws its shares from (../shared/DOMAIN.md).

Where a figure is reported it is cited; where none is, the share is the project's
assumption and says so. Nothing here is loaded as a fact: it only shapes synthetic data.
"""

# First 1,832 national "little giants" by province (2021, MIIT via 工信微报, reported in
# DOMAIN.md). 兵团 (4) is counted with 新疆. The five cities listed separately (计划单列市)
# are added to their provinces in PROVINCE_WEIGHTS and given their own city share below.
LITTLE_GIANTS_2021 = {
    "北京": 90,
    "天津": 41,
    "河北": 100,
    "山西": 53,
    "内蒙古": 12,
    "辽宁": 52,
    "吉林": 14,
    "黑龙江": 13,
    "上海": 80,
    "江苏": 113,
    "浙江": 107,
    "安徽": 80,
    "福建": 68,
    "江西": 35,
    "山东": 94,
    "河南": 92,
    "湖北": 51,
    "湖南": 70,
    "广东": 106,
    "广西": 27,
    "海南": 5,
    "重庆": 65,
    "四川": 74,
    "贵州": 14,
    "云南": 35,
    "西藏": 0,
    "陕西": 52,
    "甘肃": 29,
    "青海": 9,
    "宁夏": 23,
    "新疆": 16 + 4,
}
SEPARATE_CITIES_2021 = {"大连": 22, "宁波": 55, "厦门": 49, "青岛": 47, "深圳": 35}
CITY_PROVINCE = {"大连": "辽宁", "宁波": "浙江", "厦门": "福建", "青岛": "山东", "深圳": "广东"}

# Little giants valid at 2025-03-31 (ofweek, 2025-04, reported in DOMAIN.md): province
# totals and the top cities, used for a city's share of its province.
LITTLE_GIANTS_2025_PROVINCES = {"江苏": 2156, "广东": 1982, "浙江": 1806}
LITTLE_GIANTS_2025_CITIES = {
    "北京": 1027,
    "深圳": 1027,
    "上海": 858,
    "苏州": 595,
    "杭州": 476,
    "宁波": 397,
    "武汉": 348,
    "广州": 335,
    "成都": 328,
    "重庆": 315,
}

# Assumption (not reported): a provincial capital without a reported figure holds this
# share of its province's firms; the province's other cities share the rest equally.
CAPITAL_SHARE = 0.35

# Industries (first four batches of little giants, DOMAIN.md): manufacturing 64.8%,
# scientific research and technical services (M) 21.4%; the other 13.8% is not broken
# down in the source and is put in information services (I63-I65) by assumption.
SECTION_SHARES = {"C": 0.648, "M": 0.214, "I": 0.138}
# Within manufacturing the source ranks C34, C35, C38, C33, C36, C27 first, without
# shares; these decreasing shares, and the other divisions, are assumptions.
DIVISION_SHARES = {
    "C": {
        "C34": 18,
        "C35": 17,
        "C38": 12,
        "C39": 12,
        "C33": 8,
        "C36": 7,
        "C27": 6,
        "C26": 6,
        "C29": 5,
        "C40": 5,
        "C30": 2,
        "C37": 2,
    },
    "M": {"M75": 50, "M73": 30, "M74": 20},
    "I": {"I65": 64, "I64": 18, "I63": 18},
}

# Size classes and designations (assumptions, shaped by the reported ratio of national
# little giants to provincial 专精特新 SMEs: >17.6k of >140k, about 12.6%).
SIZE_SHARES = {"micro": 30, "small": 45, "medium": 20, "large": 5}
ZJTX_SHARE = 0.20  # 专精特新
LITTLE_GIANT_OF_ZJTX = 17.6 / 140  # of those, also a national 小巨人
OTHER_DESIGNATIONS = {"高新技术企业": 0.30, "创新型中小企业": 0.25}

# Technologies from the bundled data (data/seed-article.yaml) and the share of firms
# adopting each (assumption); smart production lines mostly in manufacturing.
TECHNOLOGY_SHARES = {
    "technology:industrial-internet": 0.55,
    "technology:saas": 0.50,
    "technology:5g": 0.40,
    "technology:gigabit-optical-network": 0.30,
    "technology:digital-management-system": 0.60,
}
SMART_LINE = "technology:smart-production-line"
SMART_LINE_SHARE = {"C": 0.50, "other": 0.05}

INVESTED_SHARE = 0.06  # firms backed by a synthetic fund (assumption)
NATIONAL_PLAN = "policy:sme-digital-2025"  # in data/seed-article.yaml

INDUSTRY_WORDS = {
    "C34": "通用机械",
    "C35": "专用设备",
    "C38": "电气",
    "C39": "电子",
    "C33": "金属制品",
    "C36": "汽车零部件",
    "C27": "医药",
    "C26": "化工",
    "C29": "塑胶",
    "C40": "仪器仪表",
    "C30": "新材料",
    "C37": "轨道装备",
    "M75": "科技服务",
    "M73": "科技研发",
    "M74": "检测技术",
    "I65": "软件",
    "I64": "网络科技",
    "I63": "通信技术",
}
NAME_CHARS = "恒瑞华泰盛达鑫博精创宏远诚信昌弘海天新科源德睿智联航宇晟锐辰卓骏铭"
