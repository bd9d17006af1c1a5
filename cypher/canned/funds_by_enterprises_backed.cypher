// title: Funds ranked by enterprises backed
// description: How many enterprises each fund invests in, directly or through its sub-funds, most first.
// title_zh: 按投资企业数排序的基金
// description_zh: 每只基金直接或通过其子基金投资的企业数，多的在前。
MATCH (f:Fund)
OPTIONAL MATCH (f)-[:INVESTS_IN]->(direct:Enterprise)
OPTIONAL MATCH (sub:Fund)-[:SUB_FUND_OF]->(f)
OPTIONAL MATCH (sub)-[:INVESTS_IN]->(via:Enterprise)
WITH f, collect(DISTINCT direct.key) + collect(DISTINCT via.key) AS backed
RETURN f.name AS fund, f.key AS key, size(backed) AS enterprises_backed, f.size_text AS size
ORDER BY enterprises_backed DESC, fund
