// Region and industry of the stored enterprises that give them only as LOCATED_IN and
// IN_INDUSTRY relationships, not as properties (loaders/rederive.py), leaving out the
// nodes in $gone (about to be deleted: what the rules will see once they are).
// Parameters: $gone (list of keys). Returns: key, located, sector.
MATCH (e:Enterprise)
WHERE e.region_code IS NULL OR e.industry_code IS NULL
OPTIONAL MATCH (e)-[:LOCATED_IN]->(r)
WHERE NOT r.key IN $gone
OPTIONAL MATCH (e)-[:IN_INDUSTRY]->(i)
WHERE NOT i.key IN $gone
RETURN e.key AS key, min(r.code) AS located, min(i.code) AS sector
