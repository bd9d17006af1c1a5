// Ladybug: type(r) is written label(r).
MATCH (a)-[r]->(b)
WHERE r.status = $status
RETURN a.name AS subject, label(r) AS relationship, b.name AS object, r.source AS source,
       r.evidence AS evidence
ORDER BY source, relationship, subject
LIMIT 500
