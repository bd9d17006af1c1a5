// One derived ELIGIBLE_FOR, if the store holds any: without one, no stored edge can have
// gone stale (loaders/rederive.py).
// Parameters: none. Returns: rule (at most one row).
MATCH (:Enterprise)-[r:ELIGIBLE_FOR]->()
RETURN r.rule AS rule
LIMIT 1
