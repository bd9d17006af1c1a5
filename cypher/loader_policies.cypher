// Policies with their level and source, and the codes of the regions each one COVERS;
// the loaders derive ELIGIBLE_FOR from them (loaders/eligibility.py).
// Parameters: $skip, $limit (paging, ordered by key).
MATCH (p:Policy)
OPTIONAL MATCH (p)-[:COVERS]->(r)
RETURN p.key AS key, p.level AS level, p.source AS source, collect(r.code) AS regions
ORDER BY key
SKIP $skip LIMIT $limit
