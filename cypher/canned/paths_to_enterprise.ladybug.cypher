// Ladybug: shortestPath() is written as a SHORTEST recursive pattern.
MATCH p = (a:Agency {key: $from_key})-[* SHORTEST 1..8]-(e:Enterprise)
WHERE $enterprise_key = '' OR e.key = $enterprise_key
RETURN e.name AS enterprise, length(p) AS hops, p
ORDER BY hops, enterprise
LIMIT 25
