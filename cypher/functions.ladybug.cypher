// The engine's own catalogue of functions, for the console's allow-list.
// Parameters: none. Returns: name, type (SCALAR, AGGREGATE, REWRITE, TABLE ... FUNCTION).
CALL show_functions() RETURN DISTINCT name, type
