// Measures with their eligibility criteria, dates and provenance, the policies that
// provide each and who delivers it; the loaders derive ELIGIBLE_FOR from them
// (loaders/eligibility.py) and the matcher shows them (loaders/matching.py).
// Parameters: $skip, $limit (paging, ordered by key).
MATCH (m:Measure)
OPTIONAL MATCH (p:Policy)-[:PROVIDES]->(m)
OPTIONAL MATCH (m)-[:DELIVERED_BY]->(d)
RETURN m.key AS key, m.name AS name, m.name_en AS name_en, m.source AS source,
       m.evidence AS evidence, m.status AS status, m.instrument AS instrument,
       m.effective_date AS effective_date, m.expiry_date AS expiry_date,
       m.eligible_regions AS eligible_regions,
       m.eligible_sizes AS eligible_sizes, m.eligible_designations AS eligible_designations,
       m.eligible_industries AS eligible_industries, m.eligible_match AS eligible_match,
       m.eligible_employees_min AS eligible_employees_min,
       m.eligible_employees_max AS eligible_employees_max,
       m.eligible_revenue_min_wan AS eligible_revenue_min_wan,
       m.eligible_revenue_max_wan AS eligible_revenue_max_wan,
       m.eligible_founded_from AS eligible_founded_from,
       m.eligible_founded_until AS eligible_founded_until,
       collect(DISTINCT p.key) AS policies, collect(DISTINCT d.key) AS delivered_by
ORDER BY key
SKIP $skip LIMIT $limit
