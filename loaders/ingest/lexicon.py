"""What the rules know by name: national agencies with their short forms, technologies,
the words that end a policy title, and the words that name a measure's instrument.

Keys of national agencies are the project's own (``agency:miit``), so that a stored
agency is found by key as well as by name; regional agencies are found by pattern.
"""

from __future__ import annotations

# key, full name, short forms, kind, level
AGENCIES: tuple[tuple[str, str, tuple[str, ...], str, str], ...] = (
    ("agency:state-council", "国务院", ("中华人民共和国国务院",), "government", "national"),
    ("agency:state-council-office", "国务院办公厅", ("国办",), "government", "national"),
    ("agency:miit", "工业和信息化部", ("工信部", "工业和信息化部办公厅"), "government", "national"),
    ("agency:mof", "财政部", ("中华人民共和国财政部",), "government", "national"),
    (
        "agency:ndrc",
        "国家发展和改革委员会",
        ("国家发展改革委", "发展改革委", "发改委"),
        "government",
        "national",
    ),
    ("agency:most", "科学技术部", ("科技部",), "government", "national"),
    ("agency:mofcom", "商务部", (), "government", "national"),
    (
        "agency:mohrss",
        "人力资源和社会保障部",
        ("人力资源社会保障部", "人社部"),
        "government",
        "national",
    ),
    ("agency:moe", "教育部", (), "government", "national"),
    ("agency:mnr", "自然资源部", (), "government", "national"),
    ("agency:mee", "生态环境部", (), "government", "national"),
    ("agency:moa", "农业农村部", (), "government", "national"),
    ("agency:mot", "交通运输部", (), "government", "national"),
    ("agency:pboc", "中国人民银行", ("人民银行", "央行"), "financial", "national"),
    ("agency:nfra", "国家金融监督管理总局", ("金融监管总局",), "government", "national"),
    ("agency:csrc", "中国证券监督管理委员会", ("中国证监会", "证监会"), "government", "national"),
    ("agency:samr", "国家市场监督管理总局", ("市场监管总局",), "government", "national"),
    ("agency:sat", "国家税务总局", ("税务总局",), "government", "national"),
    ("agency:nbs", "国家统计局", (), "government", "national"),
    (
        "agency:sasac",
        "国务院国有资产监督管理委员会",
        ("国务院国资委", "国资委"),
        "government",
        "national",
    ),
    ("agency:cnipa", "国家知识产权局", (), "government", "national"),
    ("agency:nda", "国家数据局", (), "government", "national"),
    ("agency:acfic", "中华全国工商业联合会", ("全国工商联",), "association", "national"),
    (
        "agency:national-financing-guarantee-fund",
        "国家融资担保基金",
        ("国家融资担保基金有限责任公司",),
        "financial",
        "national",
    ),
    ("agency:cdb", "国家开发银行", ("国开行",), "financial", "national"),
    ("agency:china-sme-association", "中国中小企业协会", (), "association", "national"),
)

# key, name, aliases, category
TECHNOLOGIES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("technology:industrial-internet", "工业互联网", (), "infrastructure"),
    ("technology:5g", "5G", ("第五代移动通信",), "infrastructure"),
    ("technology:gigabit-optical-network", "千兆光网", ("千兆光纤网络",), "infrastructure"),
    ("technology:saas", "SaaS应用", ("SaaS",), "software"),
    ("technology:ai", "人工智能", ("AI",), "software"),
    ("technology:big-data", "大数据", (), "software"),
    ("technology:cloud-computing", "云计算", (), "infrastructure"),
    ("technology:iot", "物联网", (), "infrastructure"),
    ("technology:blockchain", "区块链", (), "software"),
    ("technology:industrial-software", "工业软件", (), "software"),
    ("technology:digital-twin", "数字孪生", (), "software"),
    ("technology:smart-production-line", "智能生产线", (), "equipment"),
    ("technology:digital-management-system", "数字化管理系统", (), "software"),
    ("technology:industrial-robot", "工业机器人", (), "equipment"),
)

# Broad sectors the GB/T 4754 sections do not name.
SECTORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("industry:services", "服务业", ("第三产业",)),
)

POLICY_ENDINGS = (
    "计划",
    "方案",
    "意见",
    "办法",
    "通知",
    "规划",
    "措施",
    "规定",
    "细则",
    "纲要",
    "政策",
    "决定",
    "条例",
    "指南",
    "指引",
    "法",
    "若干措施",
    "实施方案",
    "行动方案",
)
REPORT_ENDINGS = ("报告", "白皮书", "蓝皮书", "指数")

# instrument, words that name it (first match wins)
INSTRUMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fee_cut", ("费率", "降费", "减免", "降低收费", "资费")),
    ("guarantee", ("担保",)),
    ("loan", ("信贷", "贷款", "贴息", "融资", "贷")),
    ("fund_investment", ("基金", "股权投资")),
    ("grant", ("资金", "补助", "奖励", "奖补", "财政", "投入", "补贴", "资助")),
    ("service", ("服务", "平台", "培训", "诊断", "咨询")),
    ("regulation", ("制度", "保护", "标准", "清理", "监管", "环境", "审批")),
)

# verbs and subjects that start a new measure inside one sentence
MEASURE_STARTS = (
    "鼓励",
    "支持",
    "发挥",
    "加强",
    "加大",
    "完善",
    "清理",
    "推动",
    "引导",
    "落实",
    "优化",
    "建立",
    "健全",
    "设立",
    "实施",
    "开展",
    "降低",
    "减免",
    "安排",
    "中央财政",
    "地方",
    "各地",
    "省级",
    "市级",
    "县级",
    "金融机构",
)
# A clause that starts with one of these after a 发挥…作用 clause says what that role is
# for (发挥基金作用，引导社会资本…): the same measure. 对…给予… and 将… never start one.
PURPOSE_STARTS = ("引导", "带动", "撬动", "吸引", "推动", "促进")
