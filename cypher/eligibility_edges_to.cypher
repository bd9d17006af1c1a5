// The derived ELIGIBLE_FOR relationships into the policies or measures whose keys are
// in $keys (loaders/rederive.py finds the ones that no longer hold).
// Parameters: $keys (list of keys). Placeholders: {{label}} (Policy or Measure).
// Returns: s_key, e_key, rule.
UNWIND $keys AS k
MATCH (e:Enterprise)-[r:ELIGIBLE_FOR]->(t{{label}} {key: k})
WHERE r.rule IS NOT NULL
RETURN e.key AS s_key, t.key AS e_key, r.rule AS rule
