// Region and industry of the stored enterprises that give them only as LOCATED_IN and
// IN_INDUSTRY relationships, not as properties (loaders/rederive.py).
// Parameters: none. Returns: key, located, sector.
MATCH (e:Enterprise)
WHERE e.region_code IS NULL OR e.industry_code IS NULL
OPTIONAL MATCH (e)-[:LOCATED_IN]->(r)
OPTIONAL MATCH (e)-[:IN_INDUSTRY]->(i)
RETURN e.key AS key, min(r.code) AS located, min(i.code) AS sector
