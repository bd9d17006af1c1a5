"""Builds sichuan_implementation.docx (a test document written for the tests, not a
real one): a provincial 实施方案 whose funding standards are a Word table. Run once
from the repository root to regenerate it: ``.venv/bin/python
tests/ingest_docs/build_sichuan_docx.py``; the tests read the committed file."""

from __future__ import annotations

from pathlib import Path

import docx

BEFORE = """四川省经济和信息化厅 四川省财政厅关于印发《四川省中小企业数字化转型专项行动实施方案（2026—2027年）》的通知
川经信中小〔2026〕9号
各市（州）经济和信息化局、财政局：
为贯彻落实《中小企业数字化转型专项行动计划(2025-2027年)》和《四川省数字经济发展三年行动计划》，现将《四川省中小企业数字化转型专项行动实施方案（2026—2027年）》印发给你们，请结合实际认真抓好落实。
四川省经济和信息化厅
四川省财政厅
2026年3月2日
四川省中小企业数字化转型专项行动实施方案（2026—2027年）
一、工作目标
到2027年，全省推动1.5万家中小企业开展数字化改造，培育省级数字化转型服务商200家以上，规模以上工业企业数字化研发设计工具普及率达到85%，成都、德阳、绵阳、宜宾4个国家试点城市率先完成试点任务。
二、重点工作
（一）推进重点产业链数字化改造。聚焦电子信息、装备制造、食品轻纺等优势产业，每年实施一批中小企业数字化改造项目。
（二）建设区域数字化转型促进中心。在21个市（州）建设数字化转型促进中心，为中小企业提供诊断、咨询和培训服务。
（三）推广“小快轻准”产品。编制省级数字化转型产品和服务目录，降低中小企业转型成本。
三、资金支持
省级财政统筹工业发展资金，按下表标准对中小企业数字化转型给予支持。"""

TABLE = [
    ("序号", "支持方向", "支持标准", "资金来源"),
    ("1", "中小企业数字化改造", "按项目投资的10%给予补助，单个项目最高200万元", "省级工业发展资金"),
    ("2", "数字化转型服务商", "按服务合同金额的5%给予奖励，每家最高50万元", "省级工业发展资金"),
    ("3", "数字化转型贷款贴息", "按贷款市场报价利率的50%给予贴息，贴息期限不超过2年", "省级财政"),
]

AFTER = """对同一项目已获得省级其他财政资金支持的，不重复支持。
四、保障措施
（一）加强组织领导。省经济和信息化厅会同省财政厅建立工作推进机制，协调解决重大问题。
（二）加强监督检查。省财政厅对资金使用情况开展绩效评价，对违规使用资金的依法追回。"""


def build(path: Path) -> None:
    document = docx.Document()
    for line in BEFORE.split("\n"):
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(TABLE[0]))
    for row in TABLE:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    for line in AFTER.split("\n"):
        document.add_paragraph(line)
    document.save(path)


if __name__ == "__main__":
    build(Path(__file__).with_name("sichuan_implementation.docx"))
