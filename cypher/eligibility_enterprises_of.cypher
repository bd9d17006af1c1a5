// The enterprises whose keys are in $keys with what the rules need of them, their
// region and industry also from LOCATED_IN and IN_INDUSTRY (leaving out the nodes in
// $gone, about to be deleted), for re-deriving their ELIGIBLE_FOR (loaders/rederive.py).
// Parameters: $keys (list of enterprise keys), $gone (list of keys).
// Returns: key, region_code, industry_code, size_class, designations, employees,
// revenue_wan, assets_wan, founded, located, sector.
UNWIND $keys AS k
MATCH (e:Enterprise {key: k})
OPTIONAL MATCH (e)-[:LOCATED_IN]->(r)
WHERE NOT r.key IN $gone
OPTIONAL MATCH (e)-[:IN_INDUSTRY]->(i)
WHERE NOT i.key IN $gone
RETURN e.key AS key, e.region_code AS region_code, e.industry_code AS industry_code,
       e.size_class AS size_class, e.designations AS designations,
       e.employees AS employees, e.revenue_wan AS revenue_wan, e.assets_wan AS assets_wan,
       e.founded AS founded, min(r.code) AS located, min(i.code) AS sector
