// The derived ELIGIBLE_FOR relationships of the enterprises whose keys are in $keys
// (loaders/rederive.py finds the ones that no longer hold).
// Parameters: $keys (list of enterprise keys). Returns: s_key, e_key, rule.
UNWIND $keys AS k
MATCH (e:Enterprise {key: k})-[r:ELIGIBLE_FOR]->(t)
WHERE r.rule IS NOT NULL
RETURN e.key AS s_key, t.key AS e_key, r.rule AS rule
