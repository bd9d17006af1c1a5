// One enterprise key, if the store holds any: a load into a store without enterprises
// has no stored enterprise to re-derive ELIGIBLE_FOR for (loaders/rederive.py).
// Parameters: none. Returns: key (at most one row).
MATCH (e:Enterprise)
RETURN e.key AS key
LIMIT 1
