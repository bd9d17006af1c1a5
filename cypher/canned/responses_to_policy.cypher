// title: Who responded to a policy, and how
// description: Events responding to the policy (fund increases, fee cuts, provincial plans, reports), in date order, with what they involve.
// param: policy_key string = "policy:sme-digital-2025" -- key of the policy
MATCH (ev:Event)-[:RESPONDS_TO]->(p:Policy {key: $policy_key})
OPTIONAL MATCH (ev)-[:INVOLVES]->(x)
RETURN ev.date AS date, ev.name AS event, ev.event_type AS type, ev.amount_text AS amount,
       collect(x.name) AS involves, ev.status AS status
ORDER BY date, event
