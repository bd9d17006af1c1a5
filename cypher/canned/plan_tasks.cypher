// title: Key tasks of a plan and what they focus on
// description: The tasks a policy assigns, in order, with the technologies and sectors each focuses on.
// param: policy_key string = "policy:sme-digital-2025" -- key of the policy
MATCH (p:Policy {key: $policy_key})-[:HAS_TASK]->(t:Task)
OPTIONAL MATCH (t)-[:FOCUSES_ON]->(x)
RETURN t.seq AS seq, t.name AS task, t.summary AS summary, collect(x.name) AS focuses_on
ORDER BY seq
