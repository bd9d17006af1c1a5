// Measures with their eligibility criteria and source; the loaders derive ELIGIBLE_FOR
// from them (loaders/eligibility.py).
// Parameters: $skip, $limit (paging, ordered by key).
MATCH (m:Measure)
RETURN m.key AS key, m.source AS source, m.eligible_regions AS eligible_regions,
       m.eligible_sizes AS eligible_sizes, m.eligible_designations AS eligible_designations,
       m.eligible_industries AS eligible_industries, m.eligible_match AS eligible_match
ORDER BY key
SKIP $skip LIMIT $limit
