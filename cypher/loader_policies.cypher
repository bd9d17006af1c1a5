// Policies with their level, dates, provenance, the codes of the regions each one COVERS
// and the agencies that issued it; the loaders derive ELIGIBLE_FOR from them
// (loaders/eligibility.py) and the matcher shows them (loaders/matching.py).
// Parameters: $skip, $limit (paging, ordered by key).
MATCH (p:Policy)
OPTIONAL MATCH (p)-[:COVERS]->(r)
OPTIONAL MATCH (a:Agency)-[:ISSUED]->(p)
RETURN p.key AS key, p.name AS name, p.name_en AS name_en, p.level AS level,
       p.source AS source, p.evidence AS evidence, p.status AS status,
       p.effective_date AS effective_date, p.expiry_date AS expiry_date,
       p.issued_date AS issued_date,
       collect(DISTINCT r.code) AS regions, collect(DISTINCT a.key) AS issuers
ORDER BY key
SKIP $skip LIMIT $limit
