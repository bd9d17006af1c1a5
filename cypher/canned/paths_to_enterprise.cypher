// title: Paths from the State Council to an enterprise
// description: The shortest chains of relationships (in either direction) from an agency to an enterprise: which plans, measures, funds and places connect them.
// param: from_key string = "agency:state-council" -- key of the agency to start from
// param: enterprise_key string = "" -- key of the enterprise; empty for every enterprise
MATCH (a:Agency {key: $from_key}), (e:Enterprise)
WHERE $enterprise_key = '' OR e.key = $enterprise_key
MATCH p = shortestPath((a)-[*..8]-(e))
RETURN e.name AS enterprise, length(p) AS hops, p
ORDER BY hops, enterprise
LIMIT 25
