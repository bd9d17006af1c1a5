// The ELIGIBLE_FOR relationships into the policies or measures whose keys are in $keys,
// derived (with a rule) or given by a file (rule null): loaders/rederive.py compares
// them with what the rules now derive, and leaves the given ones alone.
// Parameters: $keys (list of keys). Placeholders: {{label}} (Policy or Measure).
// Returns: s_key, e_key, rule, criteria, status, source.
UNWIND $keys AS k
MATCH (e:Enterprise)-[r:ELIGIBLE_FOR]->(t{{label}} {key: k})
RETURN e.key AS s_key, t.key AS e_key, r.rule AS rule, r.criteria AS criteria,
       r.status AS status, r.source AS source
