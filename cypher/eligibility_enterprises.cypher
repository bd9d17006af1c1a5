// Stored enterprises with what the rules need of them, for re-deriving ELIGIBLE_FOR when
// a policy or measure changes (loaders/rederive.py). Region and industry fall back to
// the LOCATED_IN and IN_INDUSTRY ends for enterprises that give them only so.
// Parameters: $skip, $limit (paging, ordered by key).
MATCH (e:Enterprise)
OPTIONAL MATCH (e)-[:LOCATED_IN]->(r)
OPTIONAL MATCH (e)-[:IN_INDUSTRY]->(i)
WITH e, min(r.code) AS located, min(i.code) AS sector
RETURN e.key AS key, coalesce(e.region_code, located) AS region_code,
       coalesce(e.industry_code, sector) AS industry_code,
       e.size_class AS size_class, e.designations AS designations,
       e.employees AS employees, e.revenue_wan AS revenue_wan, e.assets_wan AS assets_wan,
       e.founded AS founded
ORDER BY key
SKIP $skip LIMIT $limit
