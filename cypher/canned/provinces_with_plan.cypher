// title: Provinces with and without a plan implementing the national one
// description: For every province, the policies covering it that implement the given national policy; has_plan is false where none is known.
// param: policy_key string = "policy:sme-digital-2025" -- key of the national policy
MATCH (pr:Province)
OPTIONAL MATCH (pp:Policy)-[:COVERS]->(pr)
WHERE EXISTS { MATCH (pp)-[:IMPLEMENTS]->(:Policy {key: $policy_key}) }
WITH pr, collect(pp.name) AS plans
RETURN pr.code AS code, pr.name AS province, size(plans) > 0 AS has_plan, plans
ORDER BY has_plan DESC, code
