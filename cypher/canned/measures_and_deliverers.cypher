// title: Support measures and who delivers them
// description: Each policy's support measures with their instrument, amount as written, and the funds or agencies that deliver them.
MATCH (p:Policy)-[:PROVIDES]->(m:Measure)
OPTIONAL MATCH (m)-[:DELIVERED_BY]->(d)
RETURN p.name AS policy, m.name AS measure, m.instrument AS instrument,
       m.amount_text AS amount_as_written, m.effective_date AS effective,
       collect(d.name) AS delivered_by
ORDER BY policy, measure
