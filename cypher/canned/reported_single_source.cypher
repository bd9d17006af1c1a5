// title: Facts still only "reported" by a single source
// description: Relationships whose status is reported (not verified) with the one source that states them and its quoted evidence.
// title_zh: 仍只有单一来源“报道”的事实
// description_zh: 状态为 reported（未核实）的关系，以及陈述它们的唯一来源和引用原文。
// param: status string = "reported" -- reported, reference, synthetic, verified or derived
MATCH (a)-[r]->(b)
WHERE r.status = $status
RETURN a.name AS subject, type(r) AS relationship, b.name AS object, r.source AS source,
       r.evidence AS evidence
ORDER BY source, relationship, subject
LIMIT 500
