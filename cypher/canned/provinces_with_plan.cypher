// title: Provinces with and without a plan implementing the national one
// description: For every province, the policies covering it that implement the given national policy; has_plan is false where none is known.
// title_zh: 有无落实国家规划的省份
// description_zh: 每个省份：覆盖该省并落实指定国家政策的政策；尚无已知政策时 has_plan 为 false。
// param: policy_key string = "policy:sme-digital-2025" -- key of the national policy
MATCH (pr:Province)
OPTIONAL MATCH (pp:Policy)-[:COVERS]->(pr)
WHERE EXISTS { MATCH (pp)-[:IMPLEMENTS]->(:Policy {key: $policy_key}) }
WITH pr, collect(pp.name) AS plans
RETURN pr.code AS code, pr.name AS province, size(plans) > 0 AS has_plan, plans
ORDER BY has_plan DESC, code
