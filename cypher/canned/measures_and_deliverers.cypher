// title: Support measures and who delivers them
// description: Each policy's support measures with their instrument, amount as written, and the funds or agencies that deliver them.
// title_zh: 支持措施及其实施方
// description_zh: 每项政策的支持措施：工具类型、原文金额，以及负责实施的基金或机构。
MATCH (p:Policy)-[:PROVIDES]->(m:Measure)
OPTIONAL MATCH (m)-[:DELIVERED_BY]->(d)
RETURN p.name AS policy, m.name AS measure, m.instrument AS instrument,
       m.amount_text AS amount_as_written, m.effective_date AS effective,
       collect(d.name) AS delivered_by
ORDER BY policy, measure
