// The engine's own catalogue of functions, for the console's allow-list.
// Parameters: none. Returns: name, type (SCALAR FUNCTION or AGGREGATE FUNCTION).
SHOW BUILT IN FUNCTIONS YIELD name, aggregating
RETURN name, CASE WHEN aggregating THEN 'AGGREGATE FUNCTION' ELSE 'SCALAR FUNCTION' END AS type
