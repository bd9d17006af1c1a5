// Stored enterprises with what the rules need of them, for re-deriving ELIGIBLE_FOR when
// a policy or measure changes (loaders/rederive.py); keyset paging.
// Parameters: $bound (the last key of the previous page, empty first), $limit.
// Returns: key, region_code, industry_code, size_class, designations, employees,
// revenue_wan, assets_wan, founded, ordered by key.
MATCH (e:Enterprise)
WHERE e.key > $bound
RETURN e.key AS key, e.region_code AS region_code, e.industry_code AS industry_code,
       e.size_class AS size_class, e.designations AS designations,
       e.employees AS employees, e.revenue_wan AS revenue_wan, e.assets_wan AS assets_wan,
       e.founded AS founded
ORDER BY key
LIMIT $limit
