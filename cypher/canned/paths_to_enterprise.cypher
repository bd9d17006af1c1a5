// title: Paths from the State Council to an enterprise
// description: The shortest chains of relationships (in either direction) from an agency to an enterprise: which plans, measures, funds and places connect them.
// title_zh: 从国务院到某企业的路径
// description_zh: 从一个机构到企业的最短关系链（不限方向）：哪些规划、措施、基金和地区把它们连在一起。
// param: from_key string = "agency:state-council" -- key of the agency to start from
// param: enterprise_key string = "" -- key of the enterprise; empty for every enterprise
MATCH (a:Agency {key: $from_key}), (e:Enterprise)
WHERE $enterprise_key = '' OR e.key = $enterprise_key
MATCH p = shortestPath((a)-[*..8]-(e))
RETURN e.name AS enterprise, length(p) AS hops, p
ORDER BY hops, enterprise
LIMIT 25
